"""What hotline callers say, for the lookup's tests and its benchmark: the shared sample of
caller phrases (``shared/samples/caller_phrases.md``) and more of the same kinds."""

from __future__ import annotations

import re
from pathlib import Path

CALLER_PHRASES = Path(__file__).resolve().parents[2] / "shared" / "samples" / "caller_phrases.md"


def caller_phrases(path: Path = CALLER_PHRASES) -> list[tuple[str, list[str]]]:
    """(what the operator types, the rules it must find) for each row of the sample's table;
    a note in brackets after the typed words is left out."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 2 or not line.startswith("|") or set(cells[0]) <= {"-", " "}:
            continue
        typed, rules = cells
        if rules == "the rule":
            continue
        typed = re.sub(r"\s*[(（].*[)）]\s*$", "", typed)
        out.append((typed, [r.strip() for r in rules.split(",")]))
    return out


# (typed, rules it must find among the first three, kind)
EXTRA: list[tuple[str, list[str], str]] = [
    ("低保一个月能领多少钱", ["dibao"], "question"),
    ("办残疾证要什么材料", ["disability_certificate"], "question"),
    ("护理补贴怎么申请", ["nursing_subsidy"], "question"),
    ("谁可以领生活补贴", ["living_subsidy"], "question"),
    ("公租房怎么申请", ["public_rental_housing"], "question"),
    ("孩子自闭症有没有康复补助", ["child_rehabilitation"], "question"),
    ("家里装扶手有补助吗", ["home_accessibility"], "question"),
    ("盲人坐公交要钱吗", ["blind_free_transit"], "question"),
    ("残疾人高考有什么照顾", ["exam_accommodations"], "question"),
    ("我想学手艺", ["vocational_training"], "question"),
    ("看病报销不够怎么办", ["medical_assistance"], "question"),
    ("精神病人吃药免费吗", ["severe_mental_disorder_support"], "question"),
    ("廉租房", ["public_rental_housing"], "old name"),
    ("新农合", ["medical_assistance"], "old name"),
    ("新农保", ["pension_premium"], "old name"),
    ("三无人员", ["tekun_support"], "old name"),
    ("残疾人摩托车", ["wheelchair_fuel_subsidy"], "old name"),
    ("七彩梦", ["child_rehabilitation"], "old name"),
    ("阳光家园", ["sunshine_home_care"], "old name"),
    ("喘息服务", ["respite_care"], "old name"),
    ("低宝", ["dibao"], "homophone"),
    ("五宝户", ["tekun_support"], "homophone"),
    ("残急证", ["disability_certificate"], "homophone"),
    ("生活补帖", ["living_subsidy"], "homophone"),
    ("公组房", ["public_rental_housing"], "homophone"),
    ("危方改造", ["rural_housing_safety"], "homophone"),
    ("法律援住", ["legal_aid"], "homophone"),
    ("托样", ["sunshine_home_care"], "homophone"),
    ("shenghuo butie", ["living_subsidy"], "pinyin"),
    ("canjizheng", ["disability_certificate"], "pinyin"),
    ("gongzufang", ["public_rental_housing"], "pinyin"),
    ("weifang gaizao", ["rural_housing_safety"], "pinyin"),
    ("dibaohu", ["dibao"], "pinyin"),
    ("wubao", ["tekun_support"], "pinyin"),
    ("yanglao baoxian", ["pension_premium"], "pinyin"),
    ("canjizhen", ["disability_certificate"], "pinyin slip"),
    ("gongzufan", ["public_rental_housing"], "pinyin slip"),
    ("ranyoubutei", ["wheelchair_fuel_subsidy"], "pinyin slip"),
    ("tanwie", ["stall_reservation"], "pinyin slip"),
    ("shenghuobuite", ["living_subsidy"], "pinyin slip"),
    ("nursng", ["nursing_subsidy"], "English slip"),
    ("wheelchar", ["assistive_devices", "wheelchair_fuel_subsidy"], "English slip"),
    ("lawer", ["legal_aid"], "English slip"),
    ("pensoin", ["pension_premium"], "English slip"),
    ("livng allowance", ["living_subsidy"], "English slip"),
    ("disabilty certificate", ["disability_certificate"], "English slip"),
    ("pubilc housing", ["public_rental_housing"], "English slip"),
    ("famly doctor", ["family_doctor"], "English slip"),
    ("考公务员有照顾吗", ["civil_service_posts"], "question"),
    ("孤儿补贴多少钱", ["orphan_basic_living"], "question"),
    ("婚检免费吗", ["birth_defect_screening"], "question"),
    ("孩子上学怎么办", ["school_placement"], "question"),
    ("养老院收不收盲人", ["elderly_care_home"], "question"),
    ("公交半价", ["transit_concessions"], "old name"),
    ("残疾军人抚恤金", ["veteran_police_benefits"], "old name"),
    ("防返贫", ["poverty_relapse_help"], "old name"),
    ("gongyi gangwei", ["public_welfare_jobs"], "pinyin"),
    ("shebao butie", ["social_insurance_subsidy"], "pinyin"),
    ("legal aid", ["legal_aid"], "English"),
    ("startup grant", ["startup_subsidy"], "English"),
    ("两补", ["living_subsidy", "nursing_subsidy"], "abbreviation"),
    ("困补", ["living_subsidy"], "abbreviation"),
    ("重护", ["nursing_subsidy"], "abbreviation"),
    ("贫困户", ["poverty_relapse_help"], "old name"),
    ("我想摆个摊卖东西", ["stall_reservation"], "question"),
]
