"""What a roster's cell says of the person's death, as county lists keep the dead with a note
(the thirty-seventh to forty-third testers': listed as qualifying and not receiving, or the
living left out).

A person said to have died by the screening date is not screened (:mod:`app.roster.bulk`
reports the row); one said to have died after it was alive on the day screened, and is
screened. What a cell says depends on its column (:func:`column_kind`):

- any column: a cell with a word of death (已死亡, 2024年3月去世, （已故）, 王五（已故）, 病逝,
  身亡, 死亡停发, 人已经走了, 驾鹤西去, 卒于2024年, 已作古; in traditional characters, 已辭世,
  壽終正寢), read a clause at a time, a correction as
  what it corrects to (误报死亡已更正为死亡), but not another's death (a relative, one the person
  knew or an animal named before the word, 父亲已故, 二叔已故, 战友牺牲, 户主已死亡, 丈夫外出务工时
  身亡; a funeral the person went to or works at, 参加葬礼, 在火葬场工作; unless the person is
  named beside them, or they are named as whom the person was with or where, or only report it or
  deal with its paperwork: 本人及配偶均已去世, 与妻子同年去世, 在女儿家中病逝, 家属称已去世,
  女儿提交死亡证明, or name the person in their own terms: 女儿反映其母亲已去世; one named after
  it, 已故父亲, 因公牺牲军人家属, 逝者家属), a benefit or an
  insurance for a death (死亡抚恤金, 意外死亡险), a denial, a question or a check that found none
  (未死亡, 不在死亡名单中, 核实是否死亡, 无死亡记录, 死亡：否), an instruction (如有死亡请及时上报),
  a doubt, a guess or hearsay (疑似死亡, 死亡疑似, 已死亡？, 已死亡（待核实）, 已死亡，待核实,
  好像已经去世, 听说已经去世); nor where a clause after it says the person lives (比中死亡，实际
  健在; 独子已故，本人独居; a death withdrawn, 已撤销死亡登记; one said of another or in error,
  公安比对死亡，系重名，非本人, 已死亡（误）: :func:`says_alive`); never in a
  column of another person (:func:`other_person`: 监护人);
- a column that asks whether the person died (是否死亡, 残疾人是否死亡, 死亡（是/否）, 死亡注销):
  its yes (是, √, ✅, 1), a date, a form's ticked 是, or a word of death;
- one that asks whether the person is alive (是否健在, 本人是否健在, 生存状况): its no, a form's
  ticked 否, or a word of death; not a no that says the person is away (否（外出务工）);
- one filled only for the dead: the date of death (死亡日期, 去世时间, 公安死亡日期, 死亡时间_公安),
  of the funeral (火化日期, 殡葬日期), its cause or place (死亡原因, 死因, 死亡地点), a cremation or
  death certificate (火化证号, 死亡证明): a date, or anything but a none (暂无, #N/A, 1900-01-00);
- a column whose header gives its codes (人员状态（1正常2死亡3迁出）, 是否健在（1是2否）, 状态
  （正常=1，死亡=2）): a code that means a death there, with what stands beside it (2、,
  2（2024.3）: dated so), or what the column's kind reads;
- a column of a header on two rows (是否健在 over 是 | 否, 人员状态 over 正常 | 死亡): as
  :func:`grouped_kind` reads its two cells.

A cell under a column that asks of a death or gives its date (是否死亡, 是否健在, 死亡日期) that
says nothing read there (★, ？, 1.5; 否（外出务工）; ？ under 死亡日期), or under a legend a code
it does not give (4), is :func:`unread`, to be reported.

A doubt is no death, in any column: beside the yes, the no, the date or the code (是（待核实）,
是？, √（待核）, 否（据说）, 2024-03-01（待核实）, 2024年3月？, 疑似2024年, 2?), alone under
死亡日期 (不详, 待定, 疑似, 不清楚), in a note (已故（待公安核实）, 死亡，待民政确认, 死亡 需核实,
死亡（疑）, 死亡（村里说的）, 似已去世, 未确认死亡, 家属称已去世，未见死亡证明); nor is another
named beside the answer (是（其父）, 否（其父已故）, 2024-03-01（其父）, 2（其父）), another of the
household, one the person is named by, or one named after the word (本户王五（已故）, 家有一人去世,
李四之妻，李四已去世, 代领人已死亡, 死亡的是他哥哥, 死者的女儿, 王五（已故）之子), a death said
in error or not the person's (非本人死亡, 去世人员名单误列, 与死者同名) or a threat (死亡威胁): the
forty-eighth tester's, each read as the person's death. A date under 死亡日期 that is none
(2024-13-45) and an answer with a doubt or another beside it are :func:`unread`. A cell that
raises the person's death and doubts it (疑似死亡, 是（待核实）, 生死不明, 失踪) is
:func:`doubted`, so that the row is screened and flagged to be checked before anyone is
contacted; one that says a death, a life, a denial or another's is not.

The fiftieth and fifty-first testers', each read as the person's death, are doubts: a match's or
a system's say-so not said checked (系统显示死亡, 大数据比对死亡, 公安比对：有死亡记录; 公安比对
死亡，已核实 is a death), neighbours' hearsay (邻居说死了, 据群众反映已死亡), a guess (死了吧),
whether or not (去世与否不清楚), a doubt after the record or a separator (死亡信息待核, 已故/待核实,
已故—待核实, 死亡（待覈實）), a yes beside the person missing (是(失联)), a word that may say a
death or may not (人已不在, 人已走, Cantonese 走咗, 老咗, slips 已古, 死忙; 老死 is a death), a
death and a life said by one who says so (公安系统显示已死亡，家属说健在), the person missing or
the record cancelled (失联, 死活不知, 人口信息已注销), a state alone in a cell of no fact (注销,
已销户, 失联, 停发: :func:`doubted`'s ``fact``), and a death said of someone named by a personal
name where the row's 姓名 is not known (王大明已故: :func:`names_someone`; with ``name``, the
person's on their own row, another's on any other). None at all: one marked in error
(已去世（系统误标）: :func:`says_alive`), another's (同车人死亡, 他爸死了, 户内一人死亡, 家中老人
去世, 丧事已办（母）), a risk (死亡风险高), a date the calendar has not (2024-02-30:
:func:`unread`).

The fifty-second tester's: a state beside its date or cause (停发（2024.3）, 2024年3月注销, 因故
停发, 待注销, 暂停发放, 自然减员, 注 销; under 人员状态, 暂停, 非正常, 异常) and 待核实 alone under
死亡原因 or 死亡日期 are doubts, as 注销 and 不详 are; a note that the date of death written is
another's or in error (父亲的死亡日期, 死亡日期填错，应为空: :func:`disowns`) says no death of its
own, and beside that date the columns disagree; the person's role before their name or in
brackets after it (户主王小明已故, 王小明（户主）已故) lets the name say whose; a relative's in
brackets (李梅（妻）已故) names another where the row's name is not 李梅; another's life after the
person's death (李四已故，李梅健在 on 李四's row) leaves the death standing.

The fifty-third tester's: one who receives the money, holds the card or handles the case
(领取人已死亡，改为本人领取, 持卡人已故, 经办人去世, 托养机构负责人去世) and the husband gone
(男人走了, 男人没了) are another's; 对象 is the beneficiary, the person (低保对象已死亡), but for
a partner after 其, 的, 他 or 她 (她对象去世了); gone after a time (去年走了, 已经走了, 走了半年了)
is a doubt, but not beside a word of being away; nothing found under 死亡日期 (公安比对未发现, 查无,
比对无, 无此人死亡信息, 12/31/1899) is none; 否（健在） under 是否健在 is no death; 户主已死亡 on
the row of the household's head (与户主关系 本人: :func:`death`'s ``head``) is the person's.

The fifty-fourth tester's: a count of the household's dead (1人死亡, 其中一人已死亡, 死亡1人,
保障人数由4人减为3人（1人死亡）) and a namesake's death (同名者已死亡) are another's, as
户内一人去世 was; a name after 本户 or 该户 (本户：黄二于2024年3月去世) says whose, and one
not read as a name there is a doubt; a failed proof of life (生存认证未通过), a state after its
label (减少原因：自然减员), 病人走了 and 10月份没的 are doubts; 夭折 is a death.

A death's date is the one written beside the word (2025年7月死亡, 已于2024年3月去世, 死亡（2024年）,
死于2025年7月, 2025年7月3日在医院抢救无效去世, 2025年7月3日凌晨2点在家中去世; 二〇二五年七月,
25年7月, 25-7-3, full-width digits; a part of the year as its first day, a festival as its day,
2025年Q3, 2025年中秋后: :data:`_FESTIVAL`; a lunar month as the earliest day it can begin,
2025年农历六月: :func:`_solar`; 今年, 去年 as the screening date's year, or the one before), or
the cell's under a column of the date: after the screening date as far as
it is written (2025年7月 on 2025-06-01; 2025年 is no later than any day of 2025), the person was
alive that day. A date of another event (拟于2025年7月注销，已死亡; 2025年7月核实死亡; 已故
（2025年7月家属来电）; a phone number) is not the death's. Cells are read without their blanks, at
most :data:`MAX_CELL` characters, in Python, once each distinct text: :data:`MAY_SAY` finds, in
polars, the few that may say anything.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from typing import NamedTuple

from .lazy import later
from .opening import DASHES, INVISIBLE, NULLS

# words of a death, as notes write them (去逝 and 过逝: the usual slips; traditional 離世, 歿,
# as other modules read them: here a cell's traditional characters are read as simplified,
# _plain, 已辭世 as 已辞世)
DEATH_WORDS = ("死亡|去世|去逝|身故|亡故|病故|已故|过世|过逝|過世|逝世|离世|離世|病逝|辞世|身亡|"
               "溺亡|死于|已死|死了|病死|病亡|猝死|淹死|撞死|死掉|已逝|故去|阵亡|已亡|已殁|已歿|"
               "殁|歿|牺牲|遇难|丧生|过身|過身|往生|仙逝|不在人世|不在世|火化|摔死|烧死|冻死|"
               "坠亡|自缢|致死|抢救无效|咬死|砸死|压死|电死|毒死|遇害|被杀害|逝于|"
               # (人没了, 人走了, but not inside 男人走了, 女人没了, 家人走了: another's, or away,
               # the fifty-third tester's, read as the person's death)
               "(?<![男女家亲病工客])人(?:没了|已没了|已经没了|早没了|不在了|走了|已经走了|早已走了|早就走了|"
               "早走了)|已不在了|已经不在了|^不在了$|老死|"
               "老人已走|离开人世|归西|丧事|葬礼|火葬|埋葬|骨灰|入土|整户消亡|已卒|^卒$|死者|逝者|亡者|"
               "亡人|丧葬费|丧葬补助|丧葬补贴|殡葬费|"
               "殡葬补助|安葬|下葬|出殡|夭折|"
               # (卒 or 亡 right after a date, 2024年3月5日卒, 2024年亡; 生前 of the person, 生前为
               # 低保户; the funeral seen to, 后事已处理: the fifty-seventh tester's, listed as
               # owed)
               "(?<=[年月日号])卒(?![故者人])|(?<=[年月日号])亡(?![故者人])|生前为|生前系|生前是|"
               "生前曾|生前享受|生前领取|生前属|后事已处理|后事已经处理|后事已办|后事已经办|"
               "后事办完|后事已料理|后事处理完|办完后事|后事已了|后事由[^，。；]{0,6}?料理|"
               "后事由[^，。；]{0,6}?处理|生前一直|生前长期|生前患|"
               "(?<=[./][0-9])卒|(?<=[./][0-9]{2})卒|"
               # (the person gone as notes put it: 人已经走了, 已驾鹤西去, 已离我们而去, 撒手人寰;
               # 走了 alone is no death, 外出打工走了; a date after 卒于 or 亡于 is the death's)
               "老人家走了|老人家已走|驾鹤|离我们而去|"
               "永远离开了我们|永远地离开了我们|撒手人寰|与世长辞|寿终|长眠|咽气|卒于|亡于|"
               # (old words and Cantonese: 已作古, 归天, 驾崩, 过背; 仙游 but not the county,
               # 仙游县; 以故, a slip for 已故, but not 以故意伤害罪, 以故障为由)
               "作古|归天|驾崩|过背|仙游(?![县市])|以故(?![\u4e00-\u9fff])")
# 亡, 故, 死 or 逝 alone: in brackets, alone in the cell, or after a date (（故）, 亡, 逝,
# 2024.3亡)
_BARE = (r"[（(][亡故殁死逝][)）]|^[亡故殁死逝]$|"
         r"(?:19|20)[0-9]{2}[./\-年][0-9]{1,2}(?:[./\-月][0-9]{1,2})?[日号]?[亡死]")
_WORD = later(rf"{DEATH_WORDS}|{_BARE}")
# a polars pattern of the cells that may say a death: every other cell says none (its cells
# as written: a word's traditional characters too, 犧牲, 駕鶴, 長眠, 人沒了, 離我們而去, by one
# of those few that simplified text never holds)
MAY_SAY = ("死|亡|故|逝|殁|歿|世|牺牲|遇难|丧生|过身|往生|火化|缢|抢救无效|遇害|杀害|没了|"
           "不在|葬|殡|走|归西|丧|骨灰|入土|卒|驾鹤|我们|人寰|寿终|眠|咽气|作古|归天|驾崩|过背|"
           "仙游|仙遊|[犧難喪縊搶殺沒歸駕鶴們壽過殯氣]|"
           # (a person missing, whose death :func:`doubted` reads: 失踪, 下落不明; 生死不明 has
           # 死 above)
           "失踪|失蹤|下落不明|去向不明|"
           # (a household registration cancelled, 户口已注销: :data:`_LOST`; a bare state,
           # 销户, 失联, 停发: :data:`_BARE_STATE`)
           "注销|销户|銷戶|失联|失聯|停发|停發|暂停|暫停|停止发放|停保|减员|減員|异常|異常|非正常|"
           # (and with a blank between, 注 销: cells are read without their blanks)
           r"注\s+销|销\s+户|停\s+发|失\s+联|"
           # (a vague word, a slip or Cantonese, :data:`_VAGUE`: 老咗, 已古, 百年归老, 去丗)
           "咗|已古|归老|歸老|丗|夭折|认证|没的|走的|生前|后事|後事|"
           # (a death in English, as a list kept in English writes it: deceased, passed away, a
           # doubt, :data:`_ENGLISH_DEATH`)
           r"(?i:\b(?:deceased|passed\s+away|died|dead|death|gaenq\s+dai)\b)")
# another person named before the word, in its clause: a relative, the household's head, a
# guardian (words; a single 父, 母, 夫 or 妻 only after 其, 之 or 的, or first: 志夫 is a name;
# 户主 only first or after 该户, 原 or a bracket: 覃村英 户主 已故 names the person's role)
KIN_WORDS = ("监护人|監護人|父亲|母亲|爸爸|妈妈|父母|双亲|配偶|丈夫|妻子|老伴|老公|老婆|爱人|前夫|"
             "前妻|家属|家人|亲人|亲属|联系人|代办人|儿子|兒子|女儿|女兒|子女|孩子|小孩|长子|次子|"
             "长女|次女|孙子|孙女|外孙|兄弟|姐妹|哥哥|弟弟|姐姐|妹妹|爷爷|奶奶|外公|外婆|公公|婆婆|"
             "岳父|岳母|女婿|儿媳|媳妇|侄子|侄女|外甥|叔叔|伯伯|姑姑|舅舅|阿姨|继父|继母|养父|养母|"
             "祖父|祖母|公婆|大伯|大哥|二哥|嫂子|原配|男人|老头|赡养人|抚养人|扶养人|照顾人|"
             "照料人|护理人|看护人|代理人|独子|独女|闺女|姑爷|孙儿|伯父|叔父|舅父|姨妈|姑妈|干爹|"
             "干妈|后妈|后爸|继子|继女|养子|养女|生母|生父|邻居|村民|村干部|护理员|保姆|堂哥|"
             "堂姐|堂弟|堂妹|表哥|表姐|表弟|表妹|同事|朋友|房东|病友|同学|老板|室友|工友|"
             # (uncles and aunts by marriage, in-laws, the late father as a note names him, one
             # the person served or came from home with: 舅妈去世, 姑父病故, 先父已故, 战友牺牲)
             "婶婶|婶子|婶娘|婶母|舅妈|舅母|姨夫|姨父|姨丈|姨母|姑父|姑夫|姑丈|姑母|伯母|叔母|"
             "叔公|伯公|舅公|姑婆|姨婆|姥姥|姥爷|堂叔|堂伯|堂兄|堂嫂|表叔|表舅|表姑|表姨|表兄|"
             "表嫂|姐夫|妹夫|弟媳|弟妹|嫂嫂|亲家|亲戚|侄儿|侄孙|曾祖|先父|先母|先夫|先妻|战友|"
             "老乡|队友|"
             # (the old father, aunts as Guangxi says them, a great-grandchild: 老父已故, 伯娘,
             # 舅娘, 叔娘 去世, 曾孙去世)
             "老父|老母|伯娘|舅娘|叔娘|曾孙|重孙|玄孙|"
             # (the forty-eighth tester's, read as the person's death: one who collects the
             # benefit for the person, 代领人已死亡)
             "代领人|代领者|领款人|委托人|"
             # (the fifty-third tester's, read as the person's death: one who receives the money
             # or holds the account or card, 领取人已死亡，改为本人领取; one who handles the case,
             # 经办人去世; one who runs the care home, 托养机构负责人去世)
             "领取人|收款人|领款者|收款者|经办人|持卡人|开户人|户名人|负责人|担保人|介绍人|"
             "签字人|证明人|受托人|申领人|代收人|代管人")
# others than kin, named as who died (同车人, 同伴, 对方, 他人: the fiftieth and fifty-first
# testers', read as the person's death)
_OTHERS = ("同车人|同车的人|同车者|同伴|同乘人员|同乘者|乘客|司机|对方|肇事者|另一人|另一方|"
           # (a namesake: 同名同姓者死亡, 同名者已死亡, the fifty-fourth tester's, read as the
           # person's death; 与死者同名 as before)
           "同名同姓者|同名同姓的人|同名者|同名的人|重名者|重名的人|同名人员|同名人|同姓名人员|"
           "同姓名者|同姓名的人|重名人员|"
           "其他人|他人|旁人|路人|别人|同行人|同行者|伤者|遇难者|工友")
# (a relative named only as where, or as none: 在女儿家中病逝, 于儿子住所去世, 孤寡无子女已故;
# one who cares for the person: 照顾他的人)
# (大姐, 小妹, 二叔, 小姨 …: only first or after 其, 之, 的, 他, 她 or 本人, as 韦小妹 and 黄大姐
# are names; 父, 叔, 舅 … only first or after 其, 之 or 的, as 本人女 says a sex; one doubled is
# its word, 姐姐家去世 the person's death at her home; 姑娘, 小姑娘 a girl, maybe the person)
_KIN = later(rf"(?<![无没])(?:{KIN_WORDS}|(?:^|[其之的])(?P<one>[父母夫妻子女兄弟姐妹叔伯舅姨姑婶"
             rf"侄嫂])(?![儿亲娘]|(?P=one))|(?:^|[其之的他她]|(?<=本人))[大二三四五六七八小幺]"
             rf"[姐哥弟妹叔伯舅姨姑婶嫂](?!娘)|"
             rf"(?:^|[（(]|该户|原|其|前|低保|五保|特困|贫困)户主|"
             rf"(?:照顾|照料|护理|赡养|抚养)[他她]?的人|"
             # (a parent as speech names one, after 他 or 她: 他爸死了, 她妈去世; one with whom
             # the person met the accident, or no kin: 同车人死亡, 对方身亡, 他人死亡: the fiftieth
             # and fifty-first testers', read as the person's death)
             rf"(?:^|[其之的他她])[爸妈爹娘哥](?![爸妈爹娘哥])|{_OTHERS}|"
             # (对象 as a partner only after 其, 的, 他, 她: 低保对象, 救助对象, 该对象 is the
             # person, the beneficiary, the fifty-third tester's, read as another's)
             rf"(?:[其之的他她]|^我)对象)"
             rf"(?!的?(?:家|住处|住所|处|身边|那里|那儿))")
# a relative named as who the person was with (随儿子外出务工期间死亡, 与妻子同年去世, 与其子同在
# 车祸中身亡): the person died too
_WITH = later(r"(?:随|跟随|跟|同|和|与|陪同|陪)$")
# the person named as who died: a word of the person not owning a relative (本人及配偶 and 夫妻
# are the person; 本人父亲, 该人配偶 are not)
_SELF = later(rf"(?:本人|自己|该残疾人|残疾人本人|该户主|户主本人|该人|此人|该员)"
              rf"(?!的?(?:{KIN_WORDS}|[父母夫妻子女]))|夫妻|夫妇|两口子|老两口|"
              r"(?:母子|父子|母女|父女|祖孙|全家|一家人?)(?=均|都|皆|同|一起|双双)")
# someone reporting the person's death (家属称已去世, 监护人反映已死亡): not the one who died
# (or who deals with the death's paperwork: 家属办理了死亡注销, 女儿提交死亡证明)
_REPORTED = later(r"称|说|讲|述|反映|报告|告知|证实|确认|提供|表示|代报|来电|报称|证明|办理|"
                  r"来办|代办|提交|持|交来|送来|开具|领取|已领|领了")
# a column of another person (监护人, 户主姓名, 父亲, 联系人电话), by its header
OTHER_PERSON = later(rf"{KIN_WORDS}|^[父母夫妻]|^户主")
_D = rf"(?:{DEATH_WORDS}|死|亡)"  # a word of death, or 死 or 亡 in a longer word (a header's too)
# a doubt, the check not done (待核实, 核实中, 未确认, 存疑; not 已核实, nor 待核销, written off)
# (who is to check it named between: 待公安核实, 待民政确认, 需进一步核实: the forty-eighth
# tester's, read as deaths)
_BY_WHOM = (r"(?:公安|民政|村委会?|村里|村干部|派出所|乡镇|乡里|镇里|镇政府|街道|社区|上级|残联|"
            r"卫健|医院|家属|进一步|再次?|入户|实地|重新)")
_DOUBT = (rf"(?:待|未|尚未|需要?|有待|尚待|正在|仍在){_BY_WHOM}?(?:核实|核查|确认|调查|查实|查证|"
          r"复核|核对|核)(?!销)|(?:核实|核查|确认|调查|复核|核对)中|待查|存疑|疑似|不确定|待定|未定")
# hearsay of the neighbours or the crowd, as a doubt (邻居说死了, 据群众反映已死亡: the fiftieth
# tester's, read as deaths; not the family's, 家属称已去世, nor the village's, 村委说已去世);
# Cantonese, 听讲
_HEARD = (r"听讲|(?:邻居|邻里|街坊|村民|群众|别人|旁人|外人|路人|乡亲|村里人|听人)们?都?"
          r"(?:说|讲|称|反映|传|讲述)")
# a match's or a system's say-so, in the clause of the death (公安比对死亡, 系统显示死亡, 大数据
# 比对死亡, 卫健比对死亡, 公安比对：有死亡记录: the fiftieth tester's, read as deaths): a doubt, to
# be checked, where the cell does not say it was (:data:`_CONFIRMED`)
_MATCHED = later(r"比对|比中|对比|碰撞|大数据|数据(?:显示|推送|比对)|"
                 r"系统(?:中|里|内|上)?(?:显示|标注|标记|提示|推送|比对|判定|认定|记录|数据)")
# the person said to live by one who says so, after a death said (公安系统显示已死亡，家属说
# 健在: the fiftieth tester's): the cell contradicts itself, a doubt
_SAID_LIVES = later(r"(?:称|说|讲|反映|表示|来电|报称|自称|口述)[^，。；]{0,4}?"
                    r"(?:健在|在世|还活着|仍活着|活着|没死|未死)")
# a death checked, which a match's say-so is not (经核实, 已核实, 核实属实, 已确认, 有死亡证明)
_CONFIRMED = later(r"(?:经|已经?|现已|均已)[^，。；]{0,8}?(?:核实|核查|证实|确认|查实|核对)"
                   r"(?!是否)|(?:核实|查实|证实|确认)(?:属实|无误)|(?<![未无没缺])(?:有|已提交|已开具|"
                   r"已出具)死亡证明")
# a doubt beside the answer or the date under a column of a death, or beside a legend's code
# (是（待核实）, 否？, 是（据说）, 2024-03-01（待核实）, 疑似2024年, 不详 under 死亡日期, 2?: the
# forty-eighth tester's, read as deaths; a guess of the date only, 约2024年, is none)
_UNSURE = later(rf"{_DOUBT}|疑|[?？]|据传|据说(?!明)|听说|听讲|传闻|传言|听闻|据闻|谣传|风传|说的|"
                r"讲的|不详|不清楚?|不明|不确定|不知道?|可能|好像|似乎|无法确[认定]|不能确[认定]|未证实")
# not the person's death: a denial or a check that found none (未死亡, 无死亡记录, 死亡：否,
# 死亡（否）, 排除死亡, 不在死亡名单中, 死亡人员名单中无此人), a question not answered yes
# (核实是否死亡), a benefit or insurance for one (死亡抚恤金, 意外死亡险), an instruction
# (如有死亡请及时上报, 请核实是否死亡), a doubt (疑似死亡, 死亡疑似, 险些溺亡), a dead part of the
# body (坏死), an animal that died (家里的牛死了, 猪全部死亡), another's death named after the word
# (已故父亲, 病故军人, 因公牺牲军人家属, the dead's family: 逝者家属, 亡者家属, 遇难者家属),
# hearsay, as a doubt (据传已故, 听说已经去世, 传闻已去世, 已去世（据说）: one who reports it,
# 家属称已去世, is believed; 有人说已去世 names none); a guess (好像已经去世, 似乎已故,
# 估计已去世, 应该是去世了: the forty-seventh tester's, read as deaths; 大概2024年去世 guesses
# only the date); a doubt in brackets after it (已死亡（待核实）, 死亡（核实中）; 死亡（疑似漏报）
# doubts the report, 死亡待核销 writes the death off)
# (a doubt, a guess, hearsay or a question of the person's death: :func:`doubted`; the
# forty-eighth tester's, read as deaths: 已故（待公安核实）, 死亡 需核实, 死亡 有疑问, 死亡（疑）,
# 死亡（村里说的）, 似已去世, 未确认死亡)
_DOUBTFUL = (
    rf"(?:疑似|疑为|疑已|^疑|可能|待核(?!销)|待确认|据传|据说(?!明)|听说|传闻|传言|听闻|据闻|"
    rf"谣传|风传|有人(?:说|讲|称)|{_DOUBT}|未证实|无法确[认定]|不能确[认定]|{_HEARD})"
    rf".{{0,8}}?{_D}|"
    # (a doubt after its record or a separator: 死亡信息待核, 已故/待核实, 已故—待核实)
    rf"{_D}(?:信息|情况|状态|记录|数据|消息)?[/—\-~、·|]*(?:疑似|存疑|疑点|待核(?:实|查)?(?!销)|"
    rf"待查|待确认|待定|未确认|未核实?|{_DOUBT}|有疑问?|疑问)|"
    # (whether or not, a guess, the proof missing: 去世与否不清楚, 死了吧, 死亡（无证明）)
    rf"{_D}与否(?![:：]?(?:是|否|有|无|√|×))|{_D}了?吧|"
    rf"{_D}\((?:无|没有|未见|暂无|缺)(?:死亡)?(?:证明|证)\)|"
    rf"{_D}\((?:{_DOUBT}|疑|有疑问?|疑问|不确定)\)|(?:或已|或许|也许){_D}|"
    rf"(?:好像|似乎|估计|应该|大概|恐怕|貌似|怕是|兴许|多半|(?<![相类近疑貌])似)"
    rf"(?:是|已经?|也|早就?|都)?{_D}|"
    rf"{_D}[（(](?:据传|据说|听说|传闻|传言|听闻|据闻)|"
    rf"{_D}\((?:[^)]{{0,8}}?(?:说的|讲的|传的)|(?:村里|村民|邻居|别人|旁人|外人|有人|群众|"
    rf"人家|听人)(?:说|讲|称|反映|传)的?)\)|"
    rf"{_D}了?(?:吗|么|没有?)$|"
    rf"(?:是否|有无|有没有)(?:已经?|曾)?{_D}(?![:：]?(?:是|有|√|对|已|[0-9]))")
_DENIED = later(
    rf"{_DOUBTFUL}|"
    rf"(?:[未非没不无]|没有|不是|并非|不属于|并未|尚未|误报|错报|误登|错登|误判){_D}|"
    rf"(?:无|没有|查无)(?:此人|该人|本人|其)的?{_D}|"
    # (a count of who died after the word: 死亡1人, 户内死亡1人，现3人: the fifty-fourth
    # tester's, the person left out)
    rf"{_D}了?(?:减员|减少)?(?:[0-9]{{1,2}}|[一二两三四五])(?:(?:个|名|位|口)人?|人)|"
    rf"(?:不存在|未发现|未见|未比中|排除|如有|"
    rf"若有|如果|差点|险些|几乎|濒临|保险|意外险|人身险|寿险|不在|误列|错列|误录|错录|误纳入)"
    rf".{{0,8}}?{_D}|"
    # (another's, named after the word or as whose the death is: 死亡的是他哥哥, 死亡人员是其母,
    # 死亡证明是其父的, 王五（已故）之子, 死亡人员的配偶, 非本人死亡; a threat, 死亡威胁: the
    # forty-eighth tester's, read as the person's death)
    rf"{_D}(?:的|人员|者)?(?:证明|证|医学证明|记录|信息)?(?:的是|是|系|为|属于?)(?:他|她|其)?的?"
    rf"(?:{KIN_WORDS}|[父母夫妻子女兄弟姐妹哥嫂叔伯舅姨姑侄孙])"
    rf"(?![^，。；]{{0,3}}?(?:称|说|讲|述|反映|报告|告知|证实|确认|提供|来电|代报|办理))|"
    rf"{_D}(?:人员|者)的?(?:{KIN_WORDS}|[父母夫妻子女])|"
    rf"{_D}\)?之(?:{KIN_WORDS}|[父母夫妻子女孙侄兄弟姐妹])|(?:非|不是|并非|并不是)本人的?{_D}|"
    rf"{_D}(?:抚恤|撫恤|遗属|保险|赔偿|赔付|率|险|威胁|恐吓)|{_D}的?(?:风险|危险|隐患|概率|几率)|"
    # (a relative named in brackets after it, whose the death or the funeral is: 丧事已办（母）,
    # 丧葬补助已领（父）: the fiftieth tester's; not one who reports it, 已故（家属说）, nor a sex,
    # 已故（女）)
    rf"{_D}[^，。；]{{0,8}}?\((?:其|系|为|是)?(?:(?!家属|家人|亲属|亲人|联系人|户主)(?:{KIN_WORDS})|"
    rf"[父母夫妻子兄弟姐妹爸妈哥])的?\)|{_D}[^，。；]{{0,6}}?[:：/](?:无|否|没有|正常|"
    rf"未比中|不存在|未发现|未见|×|✗|N(?:o|O)?$|不是|不在|0(?![0-9]))|"
    rf"{_D}[（(](?:否|无|×|✗|不是|没有)[)）]|{_D}[—\-]?(?:否|无|×|✗)$|{_D}(?:边缘|线上)|"
    rf"{_D}[^，。；]{{0,4}}?未比中|{_D}.{{0,6}}?(?<!申)请.{{0,6}}?(?:上报|报告|报)|坏死|"
    rf"(?<!申)请(?:核实|核查|核对|确认|查|上报|报告|及时|于|在)[^，。；]{{0,12}}?{_D}|"
    rf"{_D}[^，。；]{{0,8}}?(?:查无|无此人|没有此人|无该人)|"
    rf"亡(?:妻|夫|父|母|子|女|兄|弟|姐|妹)|"
    rf"(?:[牛猪狗猫鸡鸭鹅羊马鱼兔]|牲畜|家禽)(?:[了都也全]|全部|被[^，。；]{{0,6}}?)?"
    rf"(?:死亡|死了|死掉|死光|病死|淹死|冻死|死)|"
    rf"(?:已故|病故|亡故|死去)的?(?:{KIN_WORDS}|[父母夫妻子女]|烈士|军人)|"
    rf"{_D}(?:的|的?(?:军人|人员|烈士|职工|干部))(?:家属|遗属|遗孀|子女|亲属|后代)|"
    # (the word before whom it is said of, and that one's relative or what they left, the
    # person: 已故户主的妻子, 系已故户主之妻, 去世老人的儿媳, 去世母亲的遗产, 因工死亡职工供养
    # 亲属, 因公牺牲民警遗属: the fifty-sixth tester's, the living left out; not a time after
    # the word, 死亡后的, 去世多年的)
    rf"{_D}(?![后前时间年月日号多已死亡故世逝])(?:(?![及和与或])[\u4e00-\u9fff]){{1,5}}?[的之](?:{KIN_WORDS}|"
    rf"[父母夫妻子女孙侄兄弟姐妹媳婿]|遗产|遗物|遗留|留下|抚恤|房|财产|养老金|补助|待遇|"
    rf"赔偿|保险金)|"
    rf"{_D}(?![后前时间年月日号多已死亡故世逝])(?:(?![及和与或])[\u4e00-\u9fff]){{1,5}}?(?:供养)?(?:家属|遗属|遗孀|遗孤|"
    rf"亲属|后代)|"
    rf"(?:死|逝|亡|遇难|罹难)者的?(?:家属|亲属|遗属|子女|配偶|父母|家人|亲人|遗孀|后代|"
    rf"{KIN_WORDS}|[父母夫妻子女])")
# a check of deaths made, its result not said (死亡数据比对); one whose result says a death
# (死亡信息比对：已死亡, 比中) is none of these
_CHECKED = later(rf"{_D}(?:数据|信息|库|人员)?(?:比对|核查|排查|复核)"
                 rf"(?![^，。；]*(?:已死|已故|有|比中|是))")
# a question of a death answered yes in the note (是否死亡：是, 有无死亡：有)
_ASKED_YES = later(rf"(?:是否|有无|有没有)(?:已经?|曾)?{_D}[:：]?(?:是|有|√|对|已|[0-9])")
_CLAUSES = later(r"[，。；;,！!]+|(?<=[？?])")  # (a question mark kept with its clause)
# the person said to live (本人健在, 经核实健在, 本人独居, 由侄子照顾) or a death said in error
# (误报死亡, 死亡信息有误, 死亡疑点已排除, 已恢复)
# (or listed in error: 去世人员名单误列, the forty-eighth tester's, read as a death)
_LIVING = later(r"(?<![不非])(?:健在|(?<!不)在世|还活着|仍活着|独居|独自生活|一人生活|"
                r"由[^，。；]{1,6}?(?:照顾|照料|抚养|赡养|供养))|误报|错报|误登|错登|有误|"
                r"已排除|已恢复|误列|错列|误录|错录|误纳入|误标|错标|标错|标注错误|标记错误")
# a clause of a doubt alone, after a death (已死亡，待核实): the death doubted
_DOUBTED = later(rf"\(?(?:{_DOUBT})\)?")
# a death said of another, or in error, in its clause or after it (the forty-seventh tester's,
# read as deaths: 公安比对死亡，系重名，非本人; 原登记死亡，经核实系同名同姓; 死亡信息已更正;
# 已死亡（误）; 与死者同名, the forty-eighth tester's): the person lives; not 非本人电话,
# 电话非本人, 死亡日期已更正 (the date corrected), 更正为 (:data:`_CORRECTED`)
_MISTAKEN = later(rf"重名|同名|(?<![话机码户卡名址])(?:非|不是|并非|并不是)"
                  rf"本人(?!的?(?:电话|手机|号码|户|账|银行|签|领|办|联系|亲|家))|系他人|另有其人|"
                  rf"\(误\)|^误$|系误|属误|"
                  rf"{_D}(?:信息|记录|登记|状态|标识|标记|数据)?(?:已经?|已被|被)?"
                  rf"(?:更正|纠正|改正|订正)(?![为成])")
# a correction to a death (误报死亡已更正为死亡, 健在改为已死亡): what it was corrected to is read,
# not the error before it (误报 there says no life); one to life (死亡更正为健在) is read as it was
_CORRECTED = later(rf"(?:更正|纠正|改正|订正|修正|变更|改)(?:为|成)(?=[^，。；]{{0,16}}?"
                   rf"(?:{DEATH_WORDS}|亡|死))")
# a funeral the person went to or helped at, a funeral home the person works at (参加葬礼, 帮忙办
# 丧事, 在火葬场工作): not the person's (丧事已办 is; 村委帮忙办丧事, help given, may be)
_ELSEWHERE = later(r"(?:参加|参与|出席|吊唁)[^，。；]{0,6}?(?:葬礼|丧事|丧礼|追悼会|出殡)|"
                   r"(?<![委会府属里])帮(?:忙|人|别人|他人|邻居|亲戚|朋友)?[^，。；]{0,3}?"
                   r"(?:办|操办|料理|打理|张罗)了?(?:葬礼|丧事|丧礼)|"
                   r"(?:火葬场|火化场|殡仪馆|公墓|墓地)(?:工作|上班|打工|务工|做工|干活|当|任|职工|"
                   r"员工|工人)")
# a death withdrawn, in a clause (已撤销死亡登记, 死亡已撤销, 死亡(已撤销), 死亡注销已撤回,
# 取消死亡登记, 恢复, 已恢复正常: the forty-sixth tester's, read as deaths): the person lives, as
# far as that clause goes; 因死亡撤销低保 withdraws a benefit for a death
_WITHDRAWN = later(
    r"(?:撤销|撤回|取消|撤除)(?:了|其)?(?:死亡|注销|销户)(?!人员|者|补|待遇|金)|"
    r"(?:死亡|注销|销户|登记)[^，。；]{0,6}?(?:已经?|被|予以)?(?:撤销|撤回|取消|作废)[)）]?$|"
    r"^[0-9年月日./\-]*(?:已经?|现已|后|又|已予)?恢复(?:正常|在册|在籍|户籍|户口|身份|登记)?$")
# a death denied outright (未死亡, 不是死亡, 并非死亡, 死亡：否): the person lives
# (非本人死亡: the forty-eighth tester's, read as the person's death)
_UNDONE = later(rf"(?:[未非没不]|没有|不是|并非|并未|误报|错报|误登|错登){_D}|"
                rf"(?:非|不是|并非|并不是)本人的?{_D}|"
                rf"{_D}[:：/—\-]?(?:否|无|×|✗|0)$")
MAX_CELL = 2000  # the characters of a cell read at most (a village's long note)


class Kind(NamedTuple):
    """What a column says of a death, by its header (:func:`column_kind`): ``name`` (any,
    asks, alive, date: :data:`ANY`, :data:`ASKS`, :data:`ALIVE`, :data:`DATE`), and the codes
    its header's legend gives, each with whether it means a death there (人员状态（1正常2死亡
    3迁出）: ``(("1", False), ("2", True), ("3", False))``)."""

    name: str
    legend: tuple[tuple[str, bool], ...] = ()


ANY, ASKS, ALIVE, DATE = Kind("any"), Kind("asks"), Kind("alive"), Kind("date")
# a column filled where the person was struck off or their payment stopped, for a reason it
# does not give (注销日期, 停发日期, 减员日期, 销户时间, 退出时间): filled, a doubt of a death (the
# fifty-sixth tester's, listed as owed without a word), its words read as any cell's
STRUCK = Kind("struck")
_STRUCK_HEADER = later(r"(?:人员|户籍|户口)?(?:注销|销户|除名|停发|停保|停止发放|减员|退出|销号|"
                       r"取消|终止)(?:户口|户籍)?"
                       r"(?:日期|时间|年月|年月日|年份)|(?:死亡|去世)(?:或|及|和|与)?迁出"
                       r"(?:日期|时间|年月|年月日|年份)")
# the marks that join a header's words (死亡/日期, 死亡_日期, 死亡-日期, 死亡、迁出时间)
_JOINERS = later(r"[/_\-、·.|]+")
# more headers of a date of death (殁年, 卒年, 何时去世, 死亡登记日期: the sixtieth tester's,
# passed through unread), and of the day a household registration was struck off (注销户口日期)
_MORE_DATE = later(r"(?:殁|歿|卒)(?:年|年份|年月|年月日|日期|时间|日)|"
                   r"何时(?:死亡|去世|过世|离世|身故|病故)|"
                   r"(?:死亡|去世)(?:登记|上报|报告)(?:的)?(?:日期|时间|年月|年月日|年份)")
# a move beside a death in a header (死亡（迁出）日期, 死亡或迁出日期): a death's or a move's
_MOVED = later(r"迁出|迁移|迁走|迁往|外迁")
# headers in English (as :func:`column_kind` reads them: without blanks, case-folded)
_ENGLISH_KINDS = ((DATE, later(r"dateofdeath|deathdate|dateofdecease|dod|diedon|deathday")),
                  (ASKS, later(r"(?:is)?(?:deceased|dead|died|death)(?:yn|y/n)?")),
                  (ALIVE, later(r"(?:is)?(?:alive|living)(?:yn|y/n)?")),
                  (STRUCK, later(r"(?:dateofcancellation|cancellationdate|cancelleddate|stopdate|"
                                 r"dateofstop|terminationdate|exitdate)")))
# a death in English in a note (deceased, passed away 2024, died), which no clause of this
# module reads: a doubt, unless a life or a denial is written (not dead, alive); the
# fifty-sixth tester's, listed as owed without a word
_ENGLISH_DEATH = later(r"(?i:\b(?:deceased|passed\s+away|died|dead|death|gaenq\s+dai)\b)")
_ENGLISH_LIFE = later(r"(?i:\b(?:not|no|never|alive|living|mistaken|wrong|error|his|her|"
                      r"mother|father|wife|husband|son|daughter|spouse|parents?|brother|"
                      r"sister|guardian)\b)")
# a cell of such a column that says none of it (未注销, 未停发, 否): no doubt
_NOT_STRUCK = later(r"(?:未|没有?|不|尚未)(?:注销|销户|除名|停发|停保|减员|退出|销号)")
_UNIT = later(r"[（(\[【][^）)\]】]*[）)\]】]")
_STRUCK = r"(?:注销|销户|除名)?"
_ASKS = later(rf"(?:是否)?(?:已经?)?{_D}{_STRUCK}"
              rf"(?:人员|情况|标识|标志|标记|状态|与否|否|打[√✓勾钩])?")
_ALIVE = later(r"(?:是否)?(?:健在|在世|存活|生存)(?:情况|状况|状态|与否|否)?")
# the person named before a header's words (残疾人是否死亡, 本人是否健在, 持证人死亡日期)
_PERSON = later(r"^(?:残疾人本人|残疾人|本人|持证人|该人|户主本人)")
_DATED = rf"{_D}{_STRUCK}(?:的)?(?:日期|时间|年月|年月日|年份)"
_DATE_HEADER = later(_DATED)
# a column filled only for the dead, named anywhere in its header (公安死亡日期, 死亡时间_公安,
# 死亡原因, 死因, 死亡地点, 火化日期, 殡葬时间, 火化证号, 死亡证明编号): read as a date column
_FILLED_HEADER = later(
    rf"{_DATED}|(?:{_D}{_STRUCK}|死因)(?:原因|地点|证明|证号|医学证明)|死因|"
    r"(?:殡葬|火化|安葬|丧葬|出殡|下葬)(?:日期|时间|证|证号|证明)|火化证")
# a code and its meaning in a header's legend (1正常2死亡3迁出, 1.正常 2.死亡, 1=是，2=否, 1-在世),
# or its meaning and the code (正常=1，死亡=2; 是=1，否=2; 正常:1 死亡:2)
_CODE = later(r"(?<![0-9])([0-9]{1,2})[.、:=\-]?([^0-9.、:=\-,;/|()]+)")
_MEANING_CODE = later(r"([^\W\d_]+)[=:]([0-9]{1,2})(?![0-9])")
# a cell's code, with what stands beside it (2, 2.0 as an .xlsx number, 2、, 2.,
# 2（2024.3）; not 2.5, nor 22024年: 2 2024年 without its blank)
_LEAD_CODE = later(r"0*([0-9]{1,2})(?:\.0+)?(?![0-9])(?!\.[0-9])[、.,;:\-—]*(?P<rest>.*)")
# (marks as a phone or a font writes them too: ✅, ✔️ yes; ❌, ❎, ✖, X no; 1 as a number only:
# 1.5, 10 say no yes)
_YES = later(r"(?:是|有(?!待)|对(?!比)|√|✓|✔|✅|☑|■|●|◆|[vV](?![a-zA-Z])|1(?:\.0+)?(?![0-9.])|"
             r"[Yy](?:es)?|TRUE|[Tt]rue|死|已注销|已销户|注销|销户)(?![/／否不])")
# a no that says the person is away, not dead (否（外出务工）, 否（迁出）, 否(在外地), 否（失踪）)
_AWAY = later(r"外出|务工|打工|迁出|迁走|迁往|外迁|外地|在外|外省|外县|外市|搬走|搬迁|搬家|搬到|"
              r"不在本地|不在家|不在村|出嫁|外嫁|嫁到|失踪|失联|下落不明|去向不明|离家|投靠|住院|"
              r"养老院|敬老院|福利院|服刑|在押")
_NO = later(r"(?:否|不是|不健在|不在世|已不在|不在|没了|走了|×|✗|✘|☒|❌|❎|✖|✕|^[Xx]$|^0$|"
            r"[Nn]o?(?![/A-Za-z])|FALSE|[Ff]alse)")
# a form's boxes beside 是 and 否, before the words (☑是 □否) or after them (是□ 否☑, 是（√）)
_BOX_BEFORE = later(r"([☑■●◆√✓✔✅□☐○])(是|否)")
_BOX_AFTER = later(r"(是|否)[（(]?([☑■●◆√✓✔✅□☐○])")
_TICK = "☑■●◆√✓✔✅"
# a form's choices left as printed (是/否, 有/无): no answer
_TEMPLATE = later(r"是[/／、]?否|否[/／、]?是|有[/／、]?无")
_UNKNOWN = later(r"\?+")  # (？ under 死亡日期: not known; after NFKC)
# nothing found, under such a column (公安比对未发现, 查无, 比对无, 未比对到: the fifty-third
# tester's, read as deaths): none
_NOT_FOUND = later(r"(?:公安|民政|系统|数据|大数据|户籍)?(?:比对|核查|核实|查询|对比|排查)?"
                   r"(?:结果)?[:：]?(?:未发现|查无|无此人|未比对到|未比对上|未比中|没比中|无|没有|未查到|查不到|"
                   r"不在)(?:此人|该人|记录|信息|数据|结果|异常|死亡名单中?)*")
# a text written as a date that is none (2024-13-45, 2024年13月, 13/13/2025: the forty-eighth
# tester's, read as a death under 死亡日期): :func:`unread`, no death
_LIKE_DATE = later(r"(?:(?:19|20)?[0-9]{2}[./\-年][0-9]{1,2}(?:[./\-月][0-9]{1,2}[日号]?|月份?)?|"
                   r"[0-9]{1,2}[/.\-][0-9]{1,2}[/.\-](?:19|20)?[0-9]{2})")
# the person there, under 是否健在 (在, 还在: the forty-eighth tester's, read as nothing)
_PRESENT = later(r"(?:人|还|仍|尚|人还)?在(?:的|世|着|呢)?|(?:还|仍)?活着|存活|健在")
# others of the household named before the word (本户王五（已故）, 同户残疾人李四已故, 家有一人
# 去世, 家中另一残疾人去年去世, 家庭成员死亡一人: the forty-eighth tester's, read as the
# person's death; not 本户已, 该户已整户消亡, nor where the person died, 在同户亲戚家去世)
_HOUSEHOLD = later(r"(?:本户|同户)(?![:：]?本人)的?[^，。；已于在因均全都整(（家处住]{2,}[(（]?$|"
                   r"另一|另外一|另有一|(?:家庭|家中|户内)成员|"
                   # (家中老人去世, 户内一人死亡: the fiftieth tester's; not where the person
                   # died, 在家中去世, 独自一人在家中去世)
                   r"(?<![在于到回])(?:家|户)(?:中|里|内)的?(?:一人|有人|一名|一位|老人|亲人|人员|"
                   r"其他人|另一人)|"
                   r"(?:家|户)(?:中|里|内)?有(?:一|二|两|三|四|[0-9])(?:个|名|位|口)?"
                   r"(?:人|成员|家人|残疾人)|"
                   # (a count of who died, as a household's note keeps it: 1人死亡, 其中一人已
                   # 死亡, 户内1人去世, 保障人数由4人减为3人（1人死亡）: the fifty-fourth tester's,
                   # the person left out; not 本人, 该人, 此人)
                   r"(?<![本该此其他她某病男女老家亲工客个])(?:其中|内|里|中)?(?:[0-9]{1,2}|[一二两三四五])"
                   r"(?:个|名|位|口)?(?:人|成员|家庭成员|老人|残疾人)[(（]?(?:已经?|均|都|先后)?"
                   r"(?:于[0-9年月日号./\-]*)?$|"
                   # (保障人口减1（死亡）: the fifty-fifth tester's)
                   r"(?:人口|人数)?减(?:少|员)?(?:[0-9]{1,2}|[一二两三四五])(?:个|名|位|口)?人?[(（]?$|"
                   # (其中一个死了)
                   r"其中(?:[0-9]{1,2}|[一二两三四五])(?:个|名|位)人?(?:已经?)?$")
# one the person is named by (李四之妻, 王五的儿子): a death of that one, named so in a clause
# after, is theirs (李四之妻，李四已去世: the forty-eighth tester's)
_NAMED_BY = later(r"([\u4e00-\u9fff]{2,3})[之的](?:妻子?|丈夫|夫|儿子|女儿|子|女|父亲|母亲|孙子|"
                  r"孙女|儿媳|女婿|哥哥|弟弟|姐姐|妹妹|兄|弟|姐|妹)")
# a person named by a personal name before the word, in its clause (王大明已故, 张三（已故）的妻子,
# 陈亚妹于2024年去世, 覃村英户主已故: the fiftieth tester's, read as the person's death): a common
# surname (none that starts a word written there: 于, 高, 周, 车, 夏 …) and at most two more
# characters, none that names a time, a place or a cause (黄昏时, 林中, 农药), then the person's
# role or the word's lead-in; the row's name (:func:`death`'s ``name``) says whose
_SURNAMES = ("王李张刘陈杨黄赵吴孙徐朱胡郭何罗梁宋郑谢韩唐冯董萧程曹袁邓许傅沈彭吕苏卢蒋蔡贾丁魏"
             "薛叶阎潘杜戴钟汪陆姜崔谭廖范汤陶邹熊孟秦邱侯邵覃韦蒙莫农岑凌班黎甘零闭麻磨兰蓝龙"
             "银玉颜滕欧骆庞尹易钱孔郝贺龚史武邢葛卜聂祝阮柳麦伍温巫吉詹容祁纪童韩萧卢翁")
_PERSONAL = (rf"(?:欧阳|司马|上官|诸葛|东方|皇甫|令狐|[{_SURNAMES}])"
             r"(?:(?![已于在因是系曾早经被将刚也都均亦还又的之户本年月日号前后初中底末天时"
             r"里上下内外家人病药祸击灾伤边间头部地场处点毒水火续疸])[\u4e00-\u9fff]){0,2}")
_SUBJECT = later(rf"(?P<role>户主|残疾人|持证人|(?:本户|该户|同户)(?:户主|成员)?[:：]?)?"
                 rf"(?P<name>{_PERSONAL})"
                 # (the person's role or kin in brackets after the name: 王小明（户主）,
                 # 李梅（妻）: the fifty-second tester's, read as the row's person's death)
                 rf"(?:户主|本人)?(?:[(（](?P<kin>户主|本人|{KIN_WORDS}|[父母夫妻子女儿])[)）])?"
                 r"[(（]?(?:(?:已经?|早已|于|在|因|是|系|曾)[^，。；]*)?")
# a relative or heir of the dead named after the word (已故户主农福之妻, 曾立（已故）之子), and
# a personal name after the word before whom it is of (户主农福之妻: 农福)
_HEIR = later(rf"{_D}\)?之|{_D}[^，。；]{{0,8}}?[的之](?:{KIN_WORDS}|"
              rf"[父母夫妻子女孙侄兄弟姐妹媳婿])|{_D}[^，。；]{{0,8}}?(?:家属|遗属|遗孀|亲属)")
_NAMED_OF = later(rf"[^，。；]{{0,6}}?(?P<name>{_PERSONAL})[)）]?[的之]")


# words of a death that may say it of one named in a clause before (生前, 后事: 父亲去世，生前为
# 低保户 is the father's)
_BACK = later(r"生前|后事|後事")


def _heir_of_own(clause: str, word: re.Match[str], name: str | None) -> bool:
    """Whether a clause that names a relative or heir of the dead (:data:`_HEIR`: 已故户主农福之妻
    黄氏代领, 曾立（已故）之子曾华代领, another's death on the heir's row) names the dead by the
    row's own ``name`` (农福's row, 曾立's): then the death is the person's (the fifty-seventh
    tester's, listed as owed). The one whose relative is named after the word decides (黄丽
    （已故户主农福之妻） on 黄丽's row: 农福's death, the fifty-eighth tester's, left out); the
    name before the word only where the relative follows it at once (曾立（已故）之子)."""
    row = re.sub(r"[^\u4e00-\u9fff]", "", _plain(name or ""))
    if len(row) < 2 or _HEIR.search(clause) is None:
        return False
    after = clause[word.end():]
    if re.match(rf"[^，。；]{{0,6}}?{re.escape(row)}[)）]?[的之]", after):
        return True  # (已故户主农福之妻 on 农福's row)
    if _NAMED_OF.match(clause, word.end()) is not None or \
            re.match(r"[^，。；()（）]{2,6}[的之]", after) and not re.match(r"[)）]", after):
        return False  # (another named after the word: 农福's, 曾立's on 曾华's row)
    before = clause[:word.start()]
    m = _SUBJECT.fullmatch(before)
    return re.match(r"[)）]?[的之]", after) is not None and (
        m is not None and bool(m["name"]) and _same(m["name"], name) is True or
        before.rstrip("(（").endswith(row))  # (曾立（已故）之子: no surname of _SURNAMES)


# a personal name in brackets right after the word, naming who died (户主已故（韦二）: the
# fifty-fifth tester's, the new head's row left out on the former head's death)
_NAMED_AFTER = later(rf"\s*[(（](?P<name>{_PERSONAL})[)）]")
# the household's head named as who died (户主, 该户户主, 原户主): the person, where the row
# says the person is the head (:func:`death`'s ``head``)
_HEAD = later(r"(?:(?:该户|本户)[:：]?|低保|五保|特困|贫困)?户主(?:本人)?[(（]?"
              r"[0-9年月日号./\-于已经在]*")
# the person made head after the head's death (户主死亡，由本人任户主, 户主已变更为本人: the
# fifty-fifth tester's, the new head left out): the death is the former head's
_NEW_HEAD = later(r"本人(?:任|为|当|接任|担任|成为)户主|(?:变更|改|换)(?:为|成)本人|现由本人|"
                  r"现户主|新户主|户主(?:已)?(?:变更|更换|改为)|"
                  # (the person the dead head's widow or child: 户主已故，本人为其遗孀, the
                  # fifty-seventh tester's, left out)
                  r"本人(?:为|是|系)(?:其|户主|原户主|已故户主)?(?:的|之)?(?:遗孀|遗属|妻子?|丈夫|"
                  r"配偶|老伴|儿子|女儿|子女|儿媳|孙子|孙女)")
# the proof of a death missing, after it is said (家属称已去世，未见死亡证明: the forty-eighth
# tester's): a doubt
_UNPROVEN = later(r"(?:未见|未有|没有|无|未提供|未交|缺少?|尚无|暂无|未出具|未开具)[^，。；]{0,4}?"
                  r"(?:死亡|火化|殡葬)(?:医学)?(?:证明|证)")
# a person missing or not known to live (生死不明, 下落不明, 失踪): a doubt of the death
# (and the person's household registration cancelled, as it is at a death: 户口已注销, 注销户籍:
# the forty-ninth tester's, listed as owed without a word; not 死亡注销, a death, nor 残疾证
# 注销, a certificate's; nor 注销 or 已销户 alone, which under 特困供养 or 低保 is the support's)
_LOST = later(r"生死不明|生死未卜|下落不明|去向不明|(?<![曾已])失踪(?!后|人员已找回|已找回)|"
              r"(?:户口|户籍|人口信息|户籍信息|身份信息|人口)已?(?:被)?注销|注销(?:了)?(?:户口|户籍)|"
              # (the fiftieth and fifty-first testers', kept without a word: 失联, 长期失联,
              # 死活不知)
              r"(?<![曾已])失联(?!后|人员已找回|已找回|已联系上)|死活不[知明详清]|死活未知|"
              r"生死不[知详清]|生死未知|存亡不明|"
              # (the yearly proof of life failed: 生存认证未通过, the fifty-fourth tester's, kept
              # without a word)
              r"生存认证(?:未通过|不通过|没通过|未认证|失败|未完成)|未(?:通过|参加|进行|完成)生存认证")
# a state alone, in a cell of no fact (人员状态, 备注: 注销, 已注销, 销户, 失联, 停发: the fiftieth
# and fifty-first testers', listed as owed without a word): a doubt; under a fact (特困供养, 低保:
# 已注销, the support cancelled), none (:func:`doubted`'s ``fact``)
# (and the fifty-second tester's, kept without a word: 注 销, 停发（2024.3）, 2024年3月注销,
# 因故停发, 停发待核, 待注销, 暂停发放, 自然减员; under 人员状态, 暂停, 非正常, 异常)
_BARE_STATE = later(r"(?:因故|已经?|被|已被|现已?|待|拟)?(?:注销|销户|失联|停发|暂停发放|停止发放|"
                    r"暂停|停保|自然减员|减员|非正常|异常)了?(?:待核[实查]?|待查|待确认)?")
# a date beside a state (停发（2024.3）, 2024年3月注销, 注销2024.3): the state's, read without it
_STATE_DATE = later(r"\([0-9./\-年月日号]*\)|^(?:于|从|自)?(?:19|20)[0-9]{2}(?:[年./\-][0-9]{1,2}"
                    r"(?:[月./\-][0-9]{1,2}[日号]?)?月?)?年?(?:起|开始)?|"
                    # (a label before it: 减少原因：自然减员, the fifty-fourth tester's)
                    r"^(?:减少|注销|停发|变动|退出|减员)?(?:原因|状态|情况)[:：]|"
                    r"(?:19|20)[0-9]{2}(?:[年./\-][0-9]{1,2}(?:[月./\-][0-9]{1,2}[日号]?)?月?)?年?$")
# a word that may say the person died, or may not: 人已不在 (or is away), 人已走, a slip (已古,
# 死忙), Cantonese (走咗, 老咗, 死咗), 百年归老 (the fiftieth and fifty-first testers', read as
# deaths or as nothing): a doubt
_VAGUE = later(r"人已不在|人已走|走咗|老咗|过咗身|死咗|已古(?![代董诗文人])|死忙|百年归老|"
               r"去丗|过丗|离丗|"
               # (走了, 没了 after a time, or with how long since: 去年走了, 上个月走了, 3月份
               # 走了, 已经走了, 走了半年了, 去年没了: the fifty-third tester's, kept without a
               # word; 外出务工走了, 走了（外出务工） say away)
               r"(?:^|(?<=[，。；]))(?:去年|前年|今年|大前年|上个?月|上周|上半年|下半年|年初|年底|"
               r"年前|早就|早已|已经|[0-9]{1,2}月份?|(?:19|20)?[0-9]{2}年|[0-9一二三四五六七八九十几半]+"
               r"(?:个月|年|天)前)(?:冬天|春天|夏天|秋天|[冬春夏秋]|底|初)?(?:就|也)?"
               r"(?:走了|没了|走的|没的)(?![^，。；]*(?:打工|务工|外出|外地|广东|"
               r"深圳|出去|出门|搬|迁))|"
               r"^走了(?:[0-9一二三四五六七八九十几半]+(?:个月|年|天)|好几年|几年|多年)了?$|"
               # (病人走了; 10月份没的: the fifty-fourth tester's, kept without a word)
               r"病人(?:走了|没了)|^(?:去年|前年|今年|上个?月|[0-9]{1,2}月份?|(?:19|20)?[0-9]{2}年)"
               r"(?:就)?(?:没|走)的$")
_NOTE = later(r"[（(][^）)]*[)）]")  # a note in brackets (after NFKC: either kind)
# a date column's "none": a dash, a no, a blank's words, a null as a database or another program
# writes one (opening.NULLS: NULL, (null), <NULL>, n/a, #N/A), an error a formula leaves, Excel's
# day 0 (1900-01-00)
_NONE = later(rf"[{DASHES}×✗✘❌❎✖✕]*|[Xx]|无|没有|否|健在|在世|存活|活着|不适用|暂无|0+|空白|"
              # (a death denied: 未死亡, 没死, 未去世)
              r"(?:未|没有?|并未|不曾)(?:死亡?|去世|过世|身故)|"
              rf"{NULLS}|#VALUE!|正常|无记录|未知|空|"
              r"0{4}[./\-]0{1,2}[./\-]0{1,2}|1900[./\-]0?1[./\-]0?[01]|"
              # (a database's "never" and its first day, as a blank's date: 9999-12-31,
              # 1970-01-01)
               r"9999[./\-]12[./\-]31|1970[./\-]0?1[./\-]0?1|"
               # (no one's date of death: a year after 2100 (3000-01-01), Excel's day 0 as
               # some programs write it (1899-12-31), a yes/no cell's no (FALSE))
               r"(?:2[1-9]|[3-9][0-9])[0-9]{2}[./\-][0-9]{1,2}[./\-][0-9]{1,2}|"
               r"1899[./\-]12[./\-]3[01]|12/3[01]/1899|FALSE|False|false|0{3}1[./\-]0?1[./\-]0?1|"
               r"#REF!|#DIV/0!|#NAME\?|#NUM!|#NULL!")

_CN_DIGITS = {c: str(k) for k, c in enumerate("〇一二三四五六七八九")} | {
    "零": "0", "○": "0", "O": "0", "o": "0", "Ｏ": "0"}
# (a year of two digits before 年, or before a month and its point where it can be no month:
# 25.7.3死亡, 25/7/3, 25-7-3)
_YEAR = (r"(?<![0-9])((?:19|20)[0-9]{2}|[0-9]{2}(?=年)|"
         r"(?:[2-9][0-9]|1[3-9])(?=[./\-](?:1[0-2]|0?[1-9])(?![0-9])))")
_MONTH = r"(1[0-2]|0?[1-9])"
_DAY = r"(3[01]|[12][0-9]|0?[1-9])"
# (cells are read without blanks, _plain: no two of these can take the same characters)
_DAY_OF = (rf"{_YEAR}[年./\-]?(?:{_MONTH}(?![0-9]|季度)(?:月份?|[./\-])?"
           rf"(?:{_DAY}(?![0-9])[日号]?)?)?")
# (a festival, as :data:`_FESTIVAL` dates it, but not a time before it or about it: 2025年中秋前,
# 2025年国庆前后 say only the year; a quarter as Q3 or 3季度)
_ABOUT = (r"(?P<about>(?:元旦|春节|清明|五一|劳动节|端午|中秋|国庆)"
          r"(?!节?(?:前|之前|以前|左右|附近))|上旬|中旬|下旬|上半年|下半年|"
          r"第?[一二三四1-4]季度|[Qq][1-4]|[春夏秋冬](?!节)季?|年底|年末|[初中底末]|左右|前后)?")
# a time of day after a date (2025年7月3日凌晨2点, 晚8时许, 20:30, 下午3点半: the forty-seventh
# tester's, whose date was passed over, and the death read as by the screening date)
_CLOCK = (r"(?:凌晨|清晨|早晨|早上|上午|中午|午后|下午|傍晚|晚上|晚间|夜间|夜里|半夜|深夜|午夜|"
          r"早|晚|夜)?(?:(?:[01]?[0-9]|2[0-4])(?::[0-5][0-9](?::[0-5][0-9])?|"
          r"[点时](?:[0-5]?[0-9]分?|半|许|左右|多|整)?))?")
# the death's date before its word, in its clause, with at most a few words between that say
# where or how (于2025年7月3日凌晨在医院抢救无效去世), none that says another event (2025年7月核实
# 死亡: the check's date)
_BEFORE = later(rf"{_DAY_OF}{_ABOUT}{_CLOCK}(?P<gap>[^0-9]{{0,14}}?)(?:{DEATH_WORDS}|亡|死)")
_AS_OF = later(r"(?:截至|截止|至|到)$")  # (a date as of which a death is said)
# a year named from the screening date's (今年7月去世, 去年, 前年; not 过去年份)
_RELATIVE_YEAR = later(r"今年|本年|(?<!过)去年|(?<![0-9年])前年")
_YEARS_BACK = {"今年": 0, "本年": 0, "去年": 1, "前年": 2}
_OTHER_EVENT = later(r"核实|核查|上报|报告|确认|注销|停发|办理|比对|发现|通知|入户|登记|申请|"
                     r"来电|称|反映|告知|说|讲|截至|截止|统计|得知|获悉|更新|备注|走访|调查|摸排|"
                     r"了解|(?<![0-9点])时")
# a date after the word only where it ends the clause or its brackets (已死亡（2024年）, 死于
# 2025年7月, 死亡2025.7): 已故（2025年7月家属来电） is the call's date, not the death's
_AFTER = later(rf"(?:(?:{DEATH_WORDS})(?:[（(]于?|于|[:：]|日期|时间)?[:：]?|死于|逝于)"
               rf"{_DAY_OF}{_ABOUT}{_CLOCK}(?:[)）]|$)")
_ANY_DATE = later(_DAY_OF)
# a date written without separators (20250703, 202507): written with them
_COMPACT = later(r"(?<![0-9])((?:19|20)[0-9]{2})(0[1-9]|1[0-2])((?:0[1-9]|[12][0-9]|3[01])?)"
                 r"(?![0-9])")
_ONLY = later(rf"(?:于)?{_DAY_OF}{_ABOUT}{_CLOCK}")
# an Excel date cell read as its serial number (45841, or 45841.5 with its time of day)
_SERIAL = later(r"[0-9]{5}(?:\.[0-9]+)?")
# a date as other programs write it: day and month either way round (7/3/2025), a year of two
# digits first (25.7.3), a month's English name (3-Jul-2025, Jul3,2025: blanks are gone)
_EITHER_WAY = later(r"([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]((?:19|20)?[0-9]{2})")
_SHORT_YEAR = later(r"([0-9]{2})[.\-](1[0-2]|0?[1-9])[.\-](3[01]|[12][0-9]|0?[1-9])")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_NAMED = "(" + "|".join(_MONTHS) + r")[a-z]*\.?"
_DAY_NAMED = later(rf"(?i:([0-9]{{1,2}})[\-/]?{_NAMED}[\-/,]?((?:19|20)?[0-9]{{2}}))")
_NAMED_DAY = later(rf"(?i:{_NAMED}([0-9]{{1,2}}),?((?:19|20)[0-9]{{2}}))")
_TIME = later(r"T?[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?$")
# (and a variation selector, as a phone writes ✔️: the mark alone)
# (a control character, a mark of direction: 已\x07故 as 已故, the forty-eighth tester's; a line
# break parts clauses)
_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE + "\ufe0e\ufe0f\u200e\u200f\u202a\u202b\u202c"
                              "\u202d\u202e\u2066\u2067\u2068\u2069")) | dict.fromkeys(
    c for c in (*range(0x20), *range(0x7f, 0xa0)) if c not in (0x0a, 0x0d))
# traditional characters, each beside the simplified one it is read as (已辭世, 長眠, 壽終正寢,
# 喪事已辦, 兒子, 農曆六月): only those of this module's words, and none that simplified text
# writes for another word (著, 乾, 麼 as 幺)
_TRADITIONAL = (
    "與与東东兩两喪丧臨临為为爲为麼么鄉乡於于親亲儀仪們们會会傳传償偿兒儿養养冊册軍军況况凍冻"
    "幾几別别辦办務务動动勞劳醫医壓压參参雙双發发變变號号後后嗎吗聽听員员國国場场壞坏墜坠處处"
    "備备復复頭头婦妇媽妈嬸婶孫孙學学實实對对壽寿屬属嶽岳幫帮幹干並并慶庆庫库廢废開开異异張张"
    "歸归當当錄录態态戰战戶户撫抚搶抢護护報报據据數数無无時时暫暂殺杀來来標标歿殁殘残殯殡氣气"
    "沒没瀕濒點点燒烧愛爱爺爷犧牺狀状獨独豬猪貓猫現现電电監监確确禮礼離离稱称糾纠線线終终經经"
    "統统繼继編编緣缘縊缢羅罗職职聯联節节獲获補补見见計计訂订認认記记講讲許许訪访證证識识該该"
    "詳详誤误說说説说請请調调謠谣貼贴費费賠赔贍赡蹤踪辭辞邊边過过還还遠远適适遺遗鄰邻裏里裡里"
    "鈎钩鉤钩銷销錯错長长間间閨闺聞闻隊队陣阵險险隨随難难顧顾領领風风館馆馬马駕驾魚鱼雞鸡鴨鸭"
    "鵝鹅鶴鹤姪侄農农曆历陰阴舊旧閏闰臘腊遊游縣县應应遷迁覈核")
_PLAIN_CHARS = _INVISIBLE | {ord(t): s for t, s in zip(_TRADITIONAL[::2], _TRADITIONAL[1::2],
                                                     strict=True)}


def column_kind(header: str) -> Kind:
    """What a column says of a death, by its header (a unit or a note in brackets, blanks and
    line breaks aside): :data:`ASKS` (是否死亡（是/否）, 死亡标记), :data:`ALIVE` (是否健在, 生存
    状态), :data:`DATE` (死亡日期, 死亡注销日期), else :data:`ANY`."""
    normal = unicodedata.normalize("NFKC", header)
    if normal.isascii():
        # (a header in English: Date of death, Deceased, Is dead (Y/N), Alive, the fifty-sixth
        # tester's, read as no column of a death)
        english = re.sub(r"[\s_\-:?*]+", "", _UNIT.sub("", normal)).casefold()
        return next((kind for kind, pattern in _ENGLISH_KINDS if pattern.fullmatch(english)),
                    ANY)
    if _KIND_CHARS.isdisjoint(normal):
        return ANY
    # (注销日期, 停发日期: no character of a death or a life, :data:`STRUCK`; its words joined
    # by a mark, 死亡/日期, 死亡_日期, 死亡、迁出时间, read as one: the sixtieth tester's, each
    # passed through unread)
    plain = _JOINERS.sub("", _PERSON.sub("", _header_words(header)))
    kind = next((kind for kind, pattern in ((DATE, _DATE_HEADER), (ASKS, _ASKS),
                                            (ALIVE, _ALIVE), (STRUCK, _STRUCK_HEADER),
                                            (DATE, _MORE_DATE))
                 if pattern.fullmatch(plain)),
                DATE if _FILLED_HEADER.search(plain) else ANY)
    if kind.name in (DATE.name, ASKS.name) and _MOVED.search(normal):
        # (a death's or a move's, 死亡（迁出）日期, 死亡或迁出日期: filled, a doubt, as a
        # column of the day struck off is; the sixtieth tester's, left out as dead)
        kind = STRUCK
    return kind._replace(legend=_legend(header, kind))


def grouped_kind(top: str, sub: str) -> Kind:
    """What a column of a header written on two rows says of a death, by its top cell's text
    (``top``, spanning several columns) and its own below it (``sub``). Where the top asks
    whether the person died or lives, or names their state (是否死亡, 是否健在, 人员状态, 死亡情况):
    under 是否 or 情况, the top's own kind; under an answer (否 under 是否健在, 死亡 under
    人员状态), a mark in the column (√, 是, 1) is that answer: :data:`ASKS` where it means a
    death, :data:`ALIVE` where it means the person lives (是 under 是否健在, 否 under 是否死亡),
    else :data:`ANY` (its words read alone); under 日期, 时间, 原因 or 地点,
    :data:`DATE`, as where the cell's own header names such a column (死亡日期 under 死亡信息).
    Else their words read as one header where they are one (死亡 over 日期: 死亡日期), or the
    cell's own header's kind."""
    above = column_kind(top)
    plain = _header_words(sub)
    if column_kind(sub) == DATE:
        return DATE  # (死亡日期 under 死亡信息: the cell's own header says it)
    if above != ANY and plain in ("是否", "是/否", "情况", "状态", ""):
        return above
    if above in (ASKS, ALIVE) or _STATE.search(_header_words(top)):
        if above != ANY and _FILLED_SUB.fullmatch(plain):
            return DATE
        dead, _later, alive = _read(plain, above, dt.date.max)
        if dead:
            return ASKS
        if alive:
            return ALIVE  # (a mark there says the person lives; a blank, nothing)
    joined = column_kind(top + sub)
    return joined if joined != ANY else column_kind(sub)


# under a header of a death, the columns of its date, cause or place (死亡 over 日期 | 原因)
_FILLED_SUB = re.compile(r"日期|时间|年月|年月日|年份|原因|地点|证号|证明|证明编号")
# a header naming the person's state, over cells of its states (人员状态 over 正常 | 死亡 | 迁出)
_STATE = later(rf"状态|状况|情况|变动|{_D}")


def _legend(header: str, kind: Kind) -> tuple[tuple[str, bool], ...]:
    """The codes a header's legend gives, at least two (人员状态（1正常2死亡3迁出）), each with
    whether it means a death under a column of ``kind`` (否 under 是否健在, 是 under 是否死亡)."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", header))
    codes = [(m[1].lstrip("0") or "0", m[2]) for m in _CODE.finditer(text)]
    # (meaning first, where that reads more codes: 正常=1死亡=2 is no 1死亡)
    named = [(m[2].lstrip("0") or "0", m[1]) for m in _MEANING_CODE.finditer(text)]
    codes = named if len(named) > len(codes) else codes
    if len(codes) < 2 or len({c for c, _m in codes}) < len(codes):
        return ()
    return tuple((code, death(meaning, kind, dt.date.max)[0]) for code, meaning in codes)


def other_person(header: str) -> bool:
    """Whether a column is another person's (监护人, 户主姓名, 联系人电话: a death there is not
    the person's), by its header, a note in brackets aside (备注（家属联系方式）is a note's)."""
    words = _header_words(header)
    return not _KIN_CHARS.isdisjoint(words) and OTHER_PERSON.search(words) is not None


# the characters of a header that may name another person, or a death or life (any other
# header names neither: no pattern need be compiled for it, as for a list of fact ids)
_KIN_CHARS = frozenset(KIN_WORDS.replace("|", "") + "父母夫妻户")
_KIND_CHARS = frozenset(re.sub(r"\(\?<!\[[^\]]*\]\)", "", DEATH_WORDS).replace("|", "")
                        + "死亡故健在世存活生殡葬火化因注销停减退除")


def _header_words(header: str) -> str:
    """A header as its words are read here: NFKC, without blanks, line breaks and a unit or a
    note in brackets."""
    return _UNIT.sub("", re.sub(r"\s+", "", unicodedata.normalize("NFKC", header)))


def death(text: str, kind: Kind, on: dt.date, *, name: str | None = None,
          head: bool | None = False
          ) -> tuple[bool, bool]:
    """What a cell says under a column of ``kind``: (the person died by ``on``, the person
    died after ``on``); (False, False) where it says neither. A date column's date, or the date
    beside a yes under a column asking it, is the death's; in any other cell, the date written
    beside the word of death. Only the first :data:`MAX_CELL` characters are read. ``name``,
    the row's 姓名, says whose a death said of someone named by a personal name is (王大明已故:
    the person's on 王大明's row, another's on any other; without it, a doubt, :func:`doubted`);
    it changes only the reading of a text :func:`names_someone` finds. ``head``: the row says
    the person is the household's head (与户主关系 本人), so that 户主已死亡 is the person's
    death; it changes only the reading of a text naming 户主."""
    dead, later, _alive = _read(text, kind, on, name, head)
    return dead, later


def date_of_death(text: str, on: dt.date) -> tuple[int, int | None, int | None] | None:
    """The date a cell under a column of the date of death (:data:`DATE`) gives: (year, month,
    day), as far as written (2024年3月: day None), an Excel date's serial number as its day
    (45352: 2024-03-01); None where it gives none (a word, a blank, a day the calendar has
    not)."""
    plain = _plain(text)[:MAX_CELL]
    return _date_of(plain, on) if plain else None


def names_someone(text: str) -> bool:
    """Whether a cell says a death of someone named by a personal name before the word (王大明
    已故, 张三（已故）的妻子, 覃村英户主已故), in brackets after it (户主已故（韦二）), or of one
    whose relative or heir it names (已故户主农福之妻, 曾立（已故）之子: :func:`_heir_of_own`),
    which only the row's 姓名 says is the person's or another's: where True, :func:`death` and
    :func:`doubted` are to be read with the row's ``name``; where False, ``name`` changes
    nothing (本人已故, 该户主已故, 父亲已故)."""
    plain = _plain(text)[:MAX_CELL]
    if not plain or _WORD.search(plain) is None:
        return False
    return any((word := _WORD.search(clause)) is not None and (
        _SUBJECT.fullmatch(clause[:word.start()]) is not None or
        _NAMED_AFTER.match(clause, word.end()) is not None or
        _HEIR.search(clause) is not None) for clause in _CLAUSES.split(plain))


def named_in(text: str) -> str | None:
    """The personal name a cell says died (:func:`names_someone`: 王五 of 王五（已故）, 覃村英 of
    覃村英 户主 已故), the first such; None where none is named. Under the list's own column of
    names, that name is the row's: :func:`death` is read with it as ``name``."""
    plain = _plain(text)[:MAX_CELL]
    for clause in _CLAUSES.split(plain):
        word = _WORD.search(clause)
        if word is not None and ((m := _NAMED_AFTER.match(clause, word.end())) is not None or
                                 (m := _SUBJECT.fullmatch(clause[:word.start()])) is not None):
            return str(m["name"])
    return None


def _own(before: str, name: str | None) -> bool | None:
    """Whether the person named before a word of death (:data:`_SUBJECT`) is the row's
    ``name``: True where it is (王小明已故 on 王小明's row), False where another is named (王大明,
    on it), None where no one is named there, or the name is not known (no 姓名 column), or only
    a surname is written that the row's shares (李已故 on 李四's row): a doubt."""
    m = _SUBJECT.fullmatch(before)
    if m is None:
        # (本户：农9于2024年3月: one of the household named otherwise than a name reads: a doubt)
        return None if _OF_HOUSEHOLD.match(before) and len(before) > 3 else True
    return _same(m["name"], name)


def _same(who: str, name: str | None) -> bool | None:
    """Whether ``who``, a personal name a cell says died, is the row's ``name`` (its 姓名): True
    where it is, False where it is another's, None where the row's name is not known or only a
    surname is written that the row's shares (李 on 李四's row)."""
    row = re.sub(r"[^\u4e00-\u9fff]", "", _plain(name or ""))
    if not row:
        return None
    if who == row:
        return True
    return None if len(who) == 1 and row.startswith(who) else False


def _named_after(clause: str, word: re.Match[str]) -> str | None:
    """The personal name in brackets right after a word of death (:data:`_NAMED_AFTER`: 韦二 of
    户主已故（韦二）), which says whose death it is, whatever is written before the word (then
    :func:`_same` as the row's name); None where none is written there."""
    m = _NAMED_AFTER.match(clause, word.end())
    return None if m is None else str(m["name"])


_OF_HOUSEHOLD = later(r"(?:本户|该户|同户)(?!主)(?:户主|成员)?"
                      r"(?![:：]?(?:已|于|在|因|均|全|都|整|本人|户主))")


def _kin_named(before: str, head: bool | None = False) -> bool:
    """Whether the text before a word of death names someone else as who died
    (:func:`_another`), but for a role before a personal name (户主王小明已故: the fifty-second
    tester's, kept without a word on 王小明's row), where the name says whose (:func:`_own`),
    and for the household's head where the person is that head (``head``: 与户主关系 本人 or 户主
    on the row; 户主已死亡 there, the fifty-third tester's, kept without a word)."""
    if not _another(before) or head and _HEAD.fullmatch(before):
        return False
    m = _SUBJECT.fullmatch(before)
    return m is None or m["role"] is None and m["kin"] is None


def missing(text: str) -> bool:
    """Whether a cell says the person is missing or their household registration cancelled, as
    it is at a death (失踪, 下落不明, 户口已注销, 注销户籍; not another's, 其父失踪): on a list
    struck off, a reason that doubts a death (the fifty-second tester's: 注销名单's 户口注销 and
    失踪 only counted in the summary, not noted on the person's row)."""
    plain = _plain(text)[:MAX_CELL]
    return any((m := _LOST.search(clause)) is not None and not _another(clause[:m.start()])
               for clause in _CLAUSES.split(plain))


# the date of death named in a note (父亲的死亡日期, 死亡日期填错), and words that it is in error
_DATE_OF_DEATH = later(rf"{_D}{_STRUCK}的?(?:日期|时间|年月|年月日|年份)")
_WRONGLY = later(r"填错|错填|误填|写错|填写错误|录入错误|填写有误|录入有误|有误|错误|不对|"
                 r"应为空|应该为空|应是空|系他人|非本人|不是本人")


def disowns(text: str) -> bool:
    """Whether a cell says the date of death written on the row is another's or in error
    (父亲的死亡日期, 其父死亡日期, 死亡日期是其父的, 死亡日期填错，应为空: the fifty-second
    tester's, the person left out by that date): beside a cell saying the death, the columns
    disagree. A note that only names the date (死亡日期待补) says nothing of it."""
    plain = _plain(text)[:MAX_CELL]
    if "日" not in plain and "时" not in plain and "年" not in plain:
        return False
    return any((m := _DATE_OF_DEATH.search(clause)) is not None and _disowning(clause, m.start())
               for clause in _CLAUSES.split(plain))


def _disowning(clause: str, at: int) -> bool:
    """Whether the date of death named at ``at`` in a clause is said to be another's or in
    error (:func:`disowns`)."""
    m = _DATE_OF_DEATH.match(clause, at)
    return m is not None and (_WRONGLY.search(clause, m.end()) is not None or
                              _another(clause[:at]) or _names_other(clause[m.end():]))


def says_alive(text: str, kind: Kind) -> bool:
    """Whether a cell under a column of ``kind`` says the person lives, or did not die: a no
    under 是否死亡, a yes under 是否健在, a form's box ticked so, a living word under 死亡日期
    (健在, 未死亡), or in any cell a clause saying it after any saying a death (本人健在, 经核实
    健在, 误报死亡, 本人独居, 未死亡). A blank, or a cell that says neither, says nothing."""
    return _read(text, kind, dt.date.max)[2]


def unread(text: str, kind: Kind) -> bool:
    """Whether a cell under a column of a death (:data:`ASKS`, :data:`ALIVE`, :data:`DATE`) says
    nothing this module reads: no death, no life, no none (暂无, #N/A, 正常), no form left as
    printed (是/否), nor a word read as no answer (a doubt, a check, an unknown, another's
    death: 待核实, 对比中, 不详, 父亲已故) — a mark or a text such as ★, ？, 1.5, abc, 2 (a code
    without its legend), 迁出, or boxes ticked both or neither (是☑否), to be reported; a no
    that says the person is away (否（外出务工）, 否（失踪）). Under a column whose header gives
    its codes (人员状态（1正常2死亡3迁出）), a code it does not give (4), or one whose note says
    otherwise or doubts it (1（已故）, 2（待核实）). Under :data:`DATE` anything but a none is a
    death, but for a question mark alone (？) and a doubt (不详, 待定: :func:`doubted`). An
    answer or a date with a doubt or another person beside it (是（待核实）, 否？, √（待核）,
    2024年3月？, 疑似2024年, 是（其父）, 否（其父已故）, 2024-03-01（其父）), as a code with one
    (2?, 2（其父）), and under :data:`DATE` a text written as a date that is none (2024-13-45):
    the forty-eighth tester's. Never under any other column, nor blank. Its patterns run before
    the reading, which only the few cells they leave need."""
    if kind.name not in (ASKS.name, ALIVE.name, DATE.name) and not kind.legend:
        return False
    plain = _plain(text)[:MAX_CELL]
    if not plain or _NONE.fullmatch(plain) or _TEMPLATE.fullmatch(plain):
        return False
    if kind.name == DATE.name:
        return _UNKNOWN.fullmatch(plain) is not None or _answered(plain, kind)
    # (under a legend, a code or a number alone: 4, 2.5, 2（待核实）)
    coded = kind.legend and (_LEAD_CODE.fullmatch(plain) is not None or re.fullmatch(
        r"[0-9]+(?:\.[0-9]+)?", plain) is not None)
    away = (kind.name == ALIVE.name and _NO.search(plain) is not None or
            kind.name == ASKS.name and _YES.match(plain) is not None) and _away(plain)
    if not (coded or away) and (kind.name == ANY.name or _SAID.search(plain)) and \
            not (kind.name != ANY.name and _answered(plain, kind)):
        return False
    dead, later, alive = _read(plain, kind, dt.date.max)
    return not (dead or later or alive)


def _answered(plain: str, kind: Kind) -> bool:
    """Whether a cell (as :func:`_plain` gives it) under a column of ``kind`` (:data:`ASKS`,
    :data:`ALIVE`, :data:`DATE`) is an answer or a date with a doubt or another person beside
    it (是（待核实）, 否？, 2024年3月？, 疑似2024年, 是（其父）, 否（其父已故）), or under
    :data:`DATE` a text written as a date that is none (2024-13-45), or one naming another
    (父亲): read as no death, and reported (:func:`unread`); not a doubt alone (待核实, 不详),
    read as no answer."""
    if kind.name == DATE.name and _WORD.search(plain) is None:
        bare = _TIME.sub("", plain)
        if _LIKE_DATE.fullmatch(bare) and _date_of(bare, dt.date.max) is None or \
                _names_other(plain):
            return True  # (2024-13-45; 2024-03-01（其父）, 父亲: another's)
    if _UNSURE.search(plain) is None and not _names_other(plain):
        return False
    left = re.split(r"[，,。；;、]", _UNSURE.sub("", _NOTE.sub("", plain)).strip("，,。；;、"))[0]
    if not left:
        return False
    if _date_of(left, dt.date.max) is not None:
        return True
    return kind.name != DATE.name and (_YES.fullmatch(left) is not None or
                                       _NO.fullmatch(left) is not None)


def doubted(text: str, kind: Kind, *, fact: bool = False, name: str | None = None,
            head: bool | None = False) -> bool:
    """Whether a cell under a column of ``kind`` raises the person's death but does not say it:
    a doubt, a hedge, hearsay, a guess or a question of it (疑似死亡, 死亡（待核实）, 已死亡，
    待核实, 已故（待公安核实）, 死亡 有疑问, 可能已故, 听说去世了, 好像已经去世, 似已去世,
    未确认死亡, 已死亡？, 核实是否死亡; 家属称已去世，未见死亡证明), the person missing or not
    known to live (生死不明, 下落不明, 失踪); under 是否死亡, 是否健在 or 死亡日期 an answer or a
    date with a doubt beside it, or a doubt alone (是（待核实）, 否？, √（待核）, 2024年3月？,
    疑似2024年, 待核实, 不详, 待定), under a legend a code of a death with one (2（待核实）, 2?),
    or a code of none with a note that doubts a death (1（疑似死亡）). So that the person,
    whom :func:`death` does not leave out, is screened with the row flagged. False for a blank,
    a death (:func:`death`, whenever dated), a life or a denial (:func:`says_alive`: 健在,
    未死亡, 死亡：否), another's death or doubt (其父已故, 父亲疑似去世, 是（其父）), a date
    that is none (2024-13-45) or a question mark alone (？: no answer, :func:`unread`), a
    database's none under 死亡日期 (未知, NULL),
    near deaths, benefits and instructions (险些溺亡, 死亡抚恤金, 如有死亡请及时上报), and any
    text that names no death (待核实 in a note, 低保待核实).

    Also doubted (the fiftieth and fifty-first testers', read as deaths or as nothing): a
    match's or a system's say-so not said checked (系统显示死亡, 大数据比对死亡), neighbours'
    hearsay (邻居说死了, 据群众反映已死亡), a guess (死了吧), whether or not (去世与否不清楚), a
    word that may say a death or may not (人已不在, 人已走, 已古, 走咗), a death and a life said
    by one who says so (公安系统显示已死亡，家属说健在), a death said of someone named by a
    personal name where ``name`` (the row's 姓名) is not known (王大明已故: :func:`names_someone`),
    and, where ``fact`` is False (a cell of no fact: 人员状态, 备注), a state alone (注销, 已注销,
    销户, 失联, 停发). Where ``fact`` is True (under 特困供养 or 低保, 已注销 is the support's), a
    state alone is none."""
    plain = _plain(text)[:MAX_CELL]
    if not plain:
        return False
    head = False if _NEW_HEAD.search(plain) else head
    if kind == STRUCK:  # (filled, unless with none or a life, or a death said: :func:`death`)
        return not any(_read(plain, ANY, dt.date.max, name, head)) and not (
            _NONE.fullmatch(_TIME.sub("", plain)) or _UNKNOWN.fullmatch(plain) or
            _NOT_STRUCK.search(plain) or _TEMPLATE.fullmatch(plain))
    if kind.legend:
        m = _LEAD_CODE.fullmatch(plain)
        meant = None if m is None else dict(kind.legend).get(m[1].lstrip("0") or "0")
        if m is not None and meant is not None:
            rest = m["rest"]
            if not meant:
                return doubted(rest, ANY)  # (1（疑似死亡）: the note doubts a death)
            return bool(rest) and not any(_read(rest, ANY, dt.date.max)[:2]) and \
                _UNSURE.search(rest) is not None and not _names_other(rest)
        kind = kind._replace(legend=())
    if kind == ANY and _BARE_STATE.fullmatch(_STATE_DATE.sub("", plain)):
        return not fact  # (注销, 已销户, 失联, 停发: the person's, unless a fact's)
    dead, later, alive = _read(plain, kind, dt.date.max, name, head)
    if dead or later or alive:
        return False
    if _ENGLISH_DEATH.search(english := unicodedata.normalize("NFKC", text)[:MAX_CELL]) and \
            not _ENGLISH_LIFE.search(english):
        return True  # (deceased, passed away 2024: a doubt)
    if kind in (ASKS, ALIVE, DATE) and _WORD.search(plain) is None:
        if kind == DATE and _NONE.fullmatch(_TIME.sub("", plain)) or _UNKNOWN.fullmatch(plain):
            return False  # (未知, NULL: a database's none; ？ alone, no answer: :func:`unread`)
        return not _names_other(plain) and (
            _UNSURE.search(plain) is not None or _LOST.search(plain) is not None)
    said = False  # (a death said, not another's nor denied, in a clause before)
    named = _named_by(plain)
    for clause in _CLAUSES.split(plain):
        lost = _LOST.search(clause) or (_VAGUE.search(clause) if _AWAY.search(plain) is None
                                        else None)  # (去年走了，去广东打工: away)
        if lost is not None and not _another(clause[:lost.start()]):
            return True  # (失踪, 失联; 人已不在, 已古)
        word = _WORD.search(clause)
        if word is None:
            if said and (_DOUBTED.fullmatch(clause) or _SAID_LIVES.search(clause)):
                return True  # (已死亡，待核实; 已死亡，家属说健在)
            continue
        before = clause[:word.start()]
        who = _named_after(clause, word)
        if head is None and who is None and _HEAD.fullmatch(before) and \
                not _DENIED.search(clause) and not _ELSEWHERE.search(clause):
            return True  # (户主已故, the list not saying who the head is: the fifty-seventh
            # tester's, screened without a word on the head's own row)
        if _ELSEWHERE.search(clause) or who is None and (
                _kin_named(before, head) or any(n in before for n in named)):
            continue
        denied = not _heir_of_own(clause, word, name) and (
            _DENIED.search(clause) or _CHECKED.search(clause))
        if (own := _own(before, name) if who is None else _same(who, name)) is not True:
            if own is None and not denied:
                return True  # (王大明已故, no 姓名 known)
            continue  # (王大明已故 on 王小明's row: another's)
        if said and _UNPROVEN.search(clause) or clause.endswith(("?", "？")) or \
                _DOUBTING.search(clause):
            return True
        if not denied and _MATCHED.search(clause) and _CONFIRMED.search(plain) is None:
            return True  # (系统显示死亡, 大数据比对死亡: a match's say-so, to be checked)
        said = said or not denied
    return False


_DOUBTING = later(_DOUBTFUL)  # (of :func:`doubted`)


# the words of a cell under a column of death read as no answer (:func:`unread`): a death's, a
# life's, a doubt, a check, an unknown, one missing (已死亡？, 父亲已故, 待核实, 对比中, 不详,
# 无异常, 失踪)
_SAID = later(rf"{_D}|故|健在|在世|存活|活着|生存|待|核|查|疑|不详|不明|不清|不知|未知|确认|比对|"
              r"对比|比中|异常|失踪|失联|下落")


def _read(text: str, kind: Kind, on: dt.date, name: str | None = None,
          head: bool | None = False
          ) -> tuple[bool, bool, bool]:
    """(died by ``on``, died after it, says the person lives: :func:`says_alive`); ``name``, the
    row's 姓名, as :func:`death`'s."""
    text = _plain(text)[:MAX_CELL]
    if not text:
        return False, False, False
    # (户主死亡，由本人任户主: the former head's)
    head = False if _NEW_HEAD.search(text) else head
    if "年" in text:  # (今年7月去世 on 2025-06-01: 2025年7月)
        text = _RELATIVE_YEAR.sub(lambda m: f"{on.year - _YEARS_BACK[m[0]]}年", text)
    if kind.legend:
        if (coded := _coded(text, kind, on)) is not None:
            return coded
        kind = kind._replace(legend=())
    if kind == DATE:
        bare = _TIME.sub("", text)
        head = _NOTE.sub("", bare)  # (无（健在）: a none with its note)
        if _UNKNOWN.fullmatch(bare):
            return False, False, False  # (？: no date, no word; :func:`unread`)
        if _NONE.fullmatch(bare) or head and _NONE.fullmatch(head) and not _WORD.search(text):
            # (0000-00-00 00:00:00, 1900-01-01, NULL, 9999-12-31; 健在, 没死: the person lives)
            return False, False, _LIVING.search(text) is not None or \
                _UNDONE.search(text) is not None
        day = _date_of(text, on)
        if day is None and _WORD.search(text):
            return _read(text, ANY, on, name)
        if day is None and (_UNSURE.search(text) or _names_other(text) or
                            _LIKE_DATE.fullmatch(bare)):
            # (a doubt, 2024-03-01（待核实）, 疑似2024年, 不详, 待定; another's, 2024-03-01（其父）;
            # no date, 2024-13-45: no death, :func:`unread`, :func:`doubted`)
            return False, False, False
        # (a date column filled otherwise, 约2024年, ★, √: a death, dated where it can be)
        day = day or _dated(text, _ANY_DATE, on)
        if day is None and (_NOT_FOUND.fullmatch(bare) or _AWAY.fullmatch(bare)):
            # (nothing found, 公安比对未发现, 查无, 比对无; 迁出: the fifty-third tester's, read
            # as deaths; no death. Any other word is the column filled, as a cause or a place
            # is: 心脏病 under 死亡原因)
            return False, False, False
        return (*_by(day, on), False)
    if kind in (ASKS, ALIVE) and _TEMPLATE.fullmatch(text):
        return False, False, False
    if kind in (ASKS, ALIVE) and _UNSURE.search(text):
        # (a doubt beside the answer, 是（待核实）, 否？, 是（据说）, or alone, 待核实: no answer,
        # :func:`doubted`; where a word of death stands, what the words read: 疑似死亡，经核实
        # 已死亡, 2024年死亡（疑似漏报）)
        if _WORD.search(text):
            died, late, _lives = _read(text, ANY, on)
            if died or late:
                return died, late, False
        return False, False, False
    if kind in (ASKS, ALIVE) and (said := _ticked(text)) is not None:
        # (否 ticked under 是否健在: a death; boxes that do not say which, no answer)
        dead = bool(said) and (said == "是") == (kind == ASKS)
        return dead, False, bool(said) and not dead
    if kind == ALIVE and (no := _NO.search(text)):
        if _away(text):
            return False, False, False  # (否（外出务工）: a no that says away; :func:`unread`)
        if _another(text[:no.start()]):
            return False, False, False  # (其父不在了: another's)
        if (note := _beside(text[no.end():], on)) is not None:
            return note  # (否（已故）, 否，2024年3月死亡; 否（其父已故）: none)
        return (*_by(_dated(text, _ANY_DATE, on), on), False)
    if kind == ASKS:
        if (day := _date_of(text, on)) is not None:
            return (*_by(day, on), False)  # (a date alone: the death's)
        if (yes := _YES.match(text)) and not _NO.match(text) and not _ASKED_YES.search(text):
            if (note := _beside(text[yes.end():], on)) is not None:
                return note  # (是（2024年死亡）; 是（其父）, 是（父亲已故）: none)
            # (是（2024年）, 是，2024年3月)
            return (*_by(_dated(text, _ANY_DATE, on), on), False)
    dead = later = False
    # (a yes under 是否健在, a no under 是否死亡: the person lives, unless a clause after says
    # a death)
    # (在 under 是否健在: the person there, the forty-eighth tester's)
    # (死, 注销 there are no yes: 死亡的是他哥哥 says nothing of the person's life)
    alive = kind == ALIVE and (_YES.match(text) is not None and _NOT_ALIVE.match(text) is None or
                               _PRESENT.fullmatch(text) is not None) or \
        kind == ASKS and _NO.match(text) is not None
    said = False  # (a word of death in a clause before)
    others = False  # (another's death said in a clause before, of whom 生前 and 后事 may say)
    # (the ones the person is named by, 李四之妻: their death in a clause after is theirs)
    named = _named_by(text)
    for clause in _CLAUSES.split(text):
        if (fix := _CORRECTED.search(clause)) is not None:
            clause = clause[fix.end():]
        # (the words of another's funeral blanked, each character as one)
        clause = _ELSEWHERE.sub(lambda m: "_" * len(m[0]), clause)
        if _WITHDRAWN.search(clause):  # (a death withdrawn: undone, whatever clause said it)
            dead = later = False
            alive = True
            continue
        if (dead or later) and _DOUBTED.fullmatch(clause):
            dead = later = False  # (已死亡，待核实: the death doubted in the clause after it)
            continue
        word = _WORD.search(clause)
        wrong = _MISTAKEN.search(clause)
        if wrong is not None and (said or word is not None and word.start() <= wrong.start()):
            # (a death said of another, or in error: 公安比对死亡，系重名，非本人; 死亡信息已更正;
            # 已死亡（误）)
            dead = later = False
            alive = said = True
            continue
        said = said or word is not None
        living = _LIVING.search(clause)
        if said and word is None and _SAID_LIVES.search(clause) and not _another(clause):
            # (公安系统显示已死亡，家属说健在: a death and a life said, a doubt: :func:`doubted`)
            dead = later = alive = False
            continue
        if living is not None and not _another(clause[:living.start()]) and (
                word is None or living.start() > word.start()) and \
                _own(clause[:living.start()], name) is not False:
            # (the person said to live, after any death said before: 比中死亡，实际健在;
            # 父亲已故，本人独居)
            dead = later = False
            alive = True
            continue
        if word is None:
            continue
        if clause.endswith(("?", "？")):
            continue  # (a question: 已死亡？)
        if _ASKED_YES.search(clause):
            died, late = _by(_dated(clause, _ANY_DATE, on), on)
            dead, later, alive = dead or died, later or late, False
            continue
        if not _heir_of_own(clause, word, name) and (
                _DENIED.search(clause) is not None or _CHECKED.search(clause) is not None):
            alive = alive or _UNDONE.search(clause) is not None
            continue
        before = clause[:word.start()]
        if _disowning(clause, word.start()):
            continue  # (死亡日期填错，应为空, 父亲的死亡日期: of the date column, :func:`disowns`)
        if (who := _named_after(clause, word)) is not None:
            if _same(who, name) is not True:
                continue  # (户主已故（韦二） on another's row: 韦二's death; no 姓名: a doubt)
        elif _kin_named(before, head) or any(n in before for n in named):
            others = True
            continue  # (another's death, named before the word: 父亲已故, 母亲去世多年)
        elif _own(before, name) is not True:
            continue  # (王大明已故: another's, or with no 姓名 known a doubt, :func:`doubted`)
        if others and not before and _BACK.match(clause, word.start()):
            continue  # (父亲去世，生前为低保户: the father's life, the fifty-eighth tester's)
        if _MATCHED.search(clause) and _CONFIRMED.search(text) is None:
            continue  # (系统显示死亡, 大数据比对死亡: a match's say-so, a doubt)
        died, late = _by(_dated(clause, None, on), on)
        dead, later, alive = dead or died, later or late, False
    if (dead or later) and _UNPROVEN.search(text):
        dead = later = False  # (家属称已去世，未见死亡证明: a doubt, :func:`doubted`)
    return dead, later and not dead, alive and not dead and not later


def _named_by(text: str) -> list[str]:
    """The ones a cell names the person by (李四之妻: 李四), whose death in a clause after is
    theirs (:data:`_NAMED_BY`)."""
    return [m[1][-2:] for m in _NAMED_BY.finditer(text)
            if not _PRONOUN.search(m[1]) and not _WORD.search(m[1])] \
        if "之" in text or "的" in text else []


# (a yes under 是否死亡 that is none under 是否健在)
_NOT_ALIVE = re.compile(r"死|已?注销|已?销户")
# (words of the person or of no one in a name found before 之 or 的: 本人的妻子, 他的儿子)
_PRONOUN = re.compile(r"[本人自己他她其该此这那的之]")


def _beside(rest: str, on: dt.date) -> tuple[bool, bool, bool] | None:
    """What a note beside a yes under 是否死亡, or a no under 是否健在, says instead of it:
    where it has a word of death that reads no death of the person's, none (否（其父已故）,
    是（父亲已故）: another's); where it names another person, no death
    (是（其父）: the forty-eighth tester's, read as the person's); None where it says neither,
    and the answer stands."""
    if _WORD.search(rest):
        died, late, lives = _read(rest, ANY, on)
        # (a death: the answer's, dated by any date beside it, 死亡人员（2025年7月）)
        return None if died or late else (False, False, lives)
    if _names_other(rest) or _AWAY.search(rest) or _LIVING.search(rest) or \
            _PRESENT.fullmatch(_NOTE_MARKS.sub("", rest)):
        # (是（其父）; 是（失联）, 是（外出务工）: missing or away, not dead, the fiftieth tester's:
        # a doubt, or unread; 是（户口已注销） stands; 否（健在） under 是否健在, the answer and its
        # note contradict each other, the fifty-third tester's, read as a death: unread)
        return False, False, False
    return None


_NOTE_MARKS = re.compile(r"[()（）,，、:：\s]")


def _names_other(text: str) -> bool:
    """Whether a cell's text names another person as whom it is of (其父, 本户王五, 家中另一
    残疾人; not one who only reports it: 家属告知)."""
    return _HOUSEHOLD.search(text) is not None or _another(text)


def _coded(text: str, kind: Kind, on: dt.date) -> tuple[bool, bool, bool] | None:
    """A cell under a column whose header gives its codes (:attr:`Kind.legend`), as
    :func:`_read`: its leading code's meaning (2, 2.0, 2、, 2（2024.3）: a death, dated by the
    date beside it, 2（2025年7月去世） as that note reads; 1, 3（迁出）: the person lives); neither
    where the note beside it says otherwise or doubts it (1（已故）, 2（健在）, 2（待核实）,
    2（外出务工）: :func:`unread`); None where it starts with no code the legend gives (4, 死亡,
    2.5)."""
    m = _LEAD_CODE.fullmatch(text)
    meant = None if m is None else dict(kind.legend).get(m[1].lstrip("0") or "0")
    if m is None or meant is None:
        return None
    rest = m["rest"]
    if not rest:
        return meant, False, not meant
    died, late, lives = _read(rest, ANY, on)
    if not meant:
        # (1（疑似死亡）: a doubt of a death beside a code of life says no life)
        return False, False, not (died or late or _WORD.search(rest) and _UNSURE.search(rest))
    if died or late:
        return died, late, False
    if lives or _away(rest) or _UNSURE.search(rest) or _names_other(rest) or _WORD.search(rest):
        # (2（待核实）, 2?; 2（其父）, another's: the forty-eighth tester's, read as deaths)
        return False, False, False
    return (*_by(_dated(rest, _ANY_DATE, on), on), False)


def _away(text: str) -> bool:
    """Whether a cell says the person is away (外出务工, 迁出, 在外地, 失踪), and no death."""
    return _AWAY.search(text) is not None and _WORD.search(text) is None


def _another(before: str) -> bool:
    """Whether the text before a word of death names someone else as who died: a relative (or
    an animal) last, not the person beside them (本人及配偶, 夫妻), nor one who only reports it
    (家属称已去世), nor one a relative reports in their own terms (女儿反映其母亲已去世, 儿媳称
    婆婆已去世, 孙子说爷爷去世了: the person is the daughter's mother; but 母亲说父亲已去世, 本人
    称父亲已故, 家属称其母亲已去世 name another, or may)."""
    if _HOUSEHOLD.search(before):
        return True  # (本户王五, 同户残疾人李四, 家有一人, 家中另一残疾人)
    # (one named as who the person was with is none: 与妻子同年去世, 随子女生活期间病故)
    kins = [k for k in _KIN.finditer(before) if not _WITH.search(before, 0, k.start())]
    if not kins or _REPORTED.search(before, kins[-1].end()):
        return False
    kin = kins[-1]
    if len(kins) > 1 and _REPORTED.search(before, kins[-2].end(), kin.start()) and \
            _seen_by(kin[0], kins[-2][0]):
        return False
    selves = [m for m in _SELF.finditer(before)]
    if not selves:
        return True
    last = selves[-1]
    # (the person last, or joined with the relative: 本人及配偶, 配偶和本人)
    return not (last.end() > kin.start() or re.search(
        r"及|和|与|同|、", before[last.end():kin.start()]))


def _seen_by(dead: str, reporter: str) -> bool:
    """Whether ``dead``, a relative a ``reporter`` (the person's relative) names as who died,
    is the person in the reporter's own terms: the reporter the one the person would name in
    turn, of the same line, a generation the other way (女儿 and 母亲, 儿媳 and 婆婆, 孙子 and 爷爷,
    妻子 and 丈夫, 侄子 and 叔叔; not 母亲 and 父亲, nor one whose place no word gives: 家属)."""
    said, by = _place(dead), _place(reporter)
    return said is not None and by is not None and said[0] == by[0] and said[1] == -by[1]


def _place(kin: str) -> tuple[str, int] | None:
    """A relative's line and generation from the one who names them (:data:`_PLACES`), a
    found :data:`_KIN` (其母, 二叔) as its word."""
    word = kin.lstrip("其之的他她")
    if len(word) == 2 and word not in _PLACES and word[0] in "大二三四五六七八小幺":
        word = word[1:]
    return _PLACES.get(word)


# relatives by line and generation from the one who names them (:func:`_seen_by`)
_PLACES = {word: (line, generation) for line, generation, words in (
    ("line", 2, "爷爷 奶奶 外公 外婆 祖父 祖母 姥姥 姥爷"),
    ("line", 1, "父亲 母亲 爸爸 妈妈 父 母 爸 妈 爹 娘 老父 老母 公公 婆婆 岳父 岳母 继父 继母 "
                "养父 养母 生父 生母 后妈 后爸"),
    ("line", -1, "儿子 女儿 子 女 独子 独女 长子 次子 长女 次女 闺女 儿媳 女婿 继子 继女 养子 "
                 "养女"),
    ("line", -2, "孙子 孙女 外孙 孙儿"), ("line", 3, "曾祖"), ("line", -3, "曾孙 重孙"),
    ("spouse", 0, "丈夫 妻子 老伴 老公 老婆 爱人 配偶 夫 妻 男人 老头"),
    ("sibling", 1, "哥哥 姐姐 兄 姐 哥 嫂子 嫂嫂 嫂 大哥 二哥"),
    ("sibling", -1, "弟弟 妹妹 弟 妹 弟媳 弟妹"),
    ("collateral", 1, "叔叔 伯伯 姑姑 舅舅 叔 伯 舅 姨 姑 婶 伯父 叔父 舅父 姨妈 姑妈 婶婶 婶子 "
                      "婶娘 婶母 舅妈 舅母 姨父 姨母 姑父 姑母 伯母 叔母 伯娘 舅娘 叔娘"),
    ("collateral", -1, "侄子 侄女 侄儿 外甥 侄")) for word in words.split()}


def _ticked(text: str) -> str | None:
    """The word, 是 or 否, whose box a form ticks, its boxes before the words (☑是 □否, □是☑否)
    or after them (是☑ 否□, 是（√）否（ ）); "" where boxes stand beside the words but do not say
    which (none ticked, or both, or one between the words: 是☑否); None where there are none."""
    before = _BOX_BEFORE.findall(text)
    after = [(box, word) for word, box in _BOX_AFTER.findall(text)]
    if len(before) >= 2:
        pairs = before
    elif len(after) >= 2 or not before:
        pairs = after
    elif after:
        return ""  # (one box between the words)
    else:
        pairs = before
    if not pairs:
        return None
    ticked = {word for box, word in pairs if box in _TICK}
    return ticked.pop() if len(ticked) == 1 else ""


def _by(day: tuple[int, int | None, int | None] | None, on: dt.date) -> tuple[bool, bool]:
    """(died by ``on``, died after it) of a death on ``day`` (None: undated, by ``on``)."""
    later = day is not None and _after(day, on)
    return not later, later


def _plain(text: str) -> str:
    """NFKC (full-width digits and brackets), without invisible characters, traditional
    characters as simplified (:data:`_TRADITIONAL`), Chinese digits of a date as digits
    (二〇二五年七月, 二○二五年七月 as 2025年7月), compact dates with separators (20250703 as
    2025-07-03), a lunar date as the earliest day it can be (:func:`_solar`), trimmed."""
    # (without blanks: no pattern below can then try a run of them in several ways, which
    # took seconds for a date and 600 spaces; a line break parts clauses)
    text = unicodedata.normalize("NFKC", text).translate(_PLAIN_CHARS)
    text = re.sub(r"\s+", "", re.sub(r"[\r\n]+", "，", text.strip()))
    text = _COMPACT.sub(lambda m: "-".join(p for p in m.groups() if p), text)
    if any(c in _CN_DIGITS or c == "十" for c in text):
        text = _digits(text)
    lunar = any(word in text for word in ("历", "正月", "腊月", "冬月"))
    return _LUNAR_DATE.sub(_solar, text) if lunar else text


def _digits(text: str) -> str:
    """Chinese digits of a date as digits (二〇二五年七月 as 2025年7月)."""

    def year(m: re.Match[str]) -> str:
        return "".join(_CN_DIGITS[c] for c in m.group(1)) + "年"

    def small(m: re.Match[str]) -> str:  # (一 to 三十一, before 月, 日 or 号)
        s = m.group(1)
        if "十" in s:
            tens, _sep, ones = s.partition("十")
            value = (int(_CN_DIGITS[tens]) if tens else 1) * 10 + (
                int(_CN_DIGITS[ones]) if ones else 0)
        else:
            value = int(_CN_DIGITS[s])
        return str(value) + m.group(2)

    text = re.sub(r"([〇零○OoＯ一二三四五六七八九]{4})年", year, text)
    return re.sub(r"(?<=[年月0-9])([一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
                  r"([月日号])", small, text)


def _dated(text: str, pattern: re.Pattern[str] | None, on: dt.date
           ) -> tuple[int, int | None, int | None] | None:
    """The death's date written beside its word (year, month, day as far as written), or the
    first ``pattern`` finds; None where none is."""
    if pattern is None:
        m = _BEFORE.search(text)
        if m is not None and (_OTHER_EVENT.search(m["gap"]) or _AS_OF.search(text, 0, m.start())):
            return None  # (2025年7月核实死亡, 截至2025年7月已去世: the check's date)
        m = m or _AFTER.search(text)
    else:
        m = pattern.search(text)
    return None if m is None else _found(m, on)


def _date_of(text: str, on: dt.date) -> tuple[int, int | None, int | None] | None:
    """A cell of a date column: a date alone (2024-03-01, 2024年3月份, 于2024年3月), or an Excel
    date cell's serial number; None for any other, and for a day the calendar has not
    (2024-02-30, 2023-02-29: the fiftieth tester's, read as a death)."""
    day = _written_date(text, on)
    if day is None or day[1] is None or day[2] is None:
        return day
    return day if day[2] <= calendar.monthrange(day[0], day[1])[1] else None


def _written_date(text: str, on: dt.date) -> tuple[int, int | None, int | None] | None:
    """:func:`_date_of`'s date as written, its day not checked."""
    text = _TIME.sub("", text)  # (2024-03-01 10:30:00, as a CSV saved from Excel writes it)
    if _SERIAL.fullmatch(text):
        day = dt.date(1899, 12, 30) + dt.timedelta(days=int(float(text)))
        return day.year, day.month, day.day
    m = _ONLY.fullmatch(text)
    if m is not None:
        return _found(m, on)
    if (m := _SHORT_YEAR.fullmatch(text)) is not None:
        return _parts(m.group(1), m.group(2), m.group(3), on)
    if (m := _DAY_NAMED.fullmatch(text)) is not None:
        return _parts(m.group(3), str(_MONTHS.index(m.group(2).lower()) + 1), m.group(1), on)
    if (m := _NAMED_DAY.fullmatch(text)) is not None:
        return _parts(m.group(3), str(_MONTHS.index(m.group(1).lower()) + 1), m.group(2), on)
    if (m := _EITHER_WAY.fullmatch(text)) is not None:
        # (7/3/2025 is 3 July or 7 March: the earlier of the two that are dates, so that a
        # death is after the screening date only where both readings put it there)
        a, b, year = m.groups()
        readings = [(year, month, mday) for month, mday in ((a, b), (b, a))
                    if 1 <= int(month) <= 12 and 1 <= int(mday) <= 31]
        if readings:
            return min(_parts(*r, on) for r in readings)  # type: ignore[type-var]
    return None


# the first day of a part of a month (6月底 is after 2025-06-01; 6月初 is not)
_PART_OF_MONTH = {"上旬": 1, "初": 1, "中旬": 11, "中": 11, "下旬": 21, "底": 21, "末": 21}
# the first month of a part of a year (2025年下半年, 2025年底, 2025年Q3: after 2025-06-01)
_PART_OF_YEAR = {"上半年": 1, "下半年": 7, "春": 3, "夏": 6, "秋": 9, "冬": 12, "底": 12,
                 "末": 12, "年底": 12, "年末": 12, "初": 1} | {
    f"{first}{q}季度": 3 * k + 1 for first in ("", "第") for quarters in ("一二三四", "1234")
    for k, q in enumerate(quarters)} | {f"Q{k + 1}": 3 * k + 1 for k in range(4)}
# a festival's day (2025年中秋后去世, 2025年国庆期间): the fixed ones' (元旦, 五一, 国庆; 清明 on
# 4 April at the earliest), the lunar ones' as the calendar puts them from 2015 to 2035 (春节,
# 端午, 中秋: _LUNAR), else the earliest day each falls on from 1950 to 2099 (21 January,
# 27 May, 7 September), so that a death is after the screening date only where it is certain to
# be (a 中秋 in September, in a year out of the table, is no later than a screening in
# September or October)
_FESTIVAL = {"元旦": (1, 1), "春节": (1, 21), "清明": (4, 4), "五一": (5, 1), "劳动节": (5, 1),
             "端午": (5, 27), "中秋": (9, 7), "国庆": (10, 1)}
# (each one's month and day, a year at a time from 2015: 2025's 中秋 is 10-06)
_LUNAR_FROM = 2015
_LUNAR = {
    "春节": "0219 0208 0128 0216 0205 0125 0212 0201 0122 0210 0129 0217 0206 0126 0213 0203 "
            "0123 0211 0131 0219 0208",
    "端午": "0620 0609 0530 0618 0607 0625 0614 0603 0622 0610 0531 0619 0609 0528 0616 0605 "
            "0624 0612 0601 0620 0610",
    "中秋": "0927 0915 1004 0924 0913 1001 0921 0910 0929 0917 1006 0925 0915 1003 0922 0912 "
            "1001 0919 0908 0927 0916"}


# the first day of each lunar month (正月 to 腊月; a leap month, 闰六月, begins later), a year at
# a time from 2015 as _LUNAR's (2025's 六月 on 06-25; a 腊月 in January is the next year's:
# 2015's on 2016-01-10): from the lunardate package, which zhdate and LunarCalendar agree with
_LUNAR_MONTHS = (
    _LUNAR["春节"],
    "0320 0309 0226 0317 0307 0223 0313 0303 0220 0310 0228 0319 0308 0225 0315 0304 0221 0312 "
    "0301 0320 0310",
    "0419 0407 0328 0416 0405 0324 0412 0401 0420 0409 0329 0417 0407 0326 0414 0403 0323 0410 "
    "0331 0419 0408",
    "0518 0507 0426 0515 0505 0423 0512 0501 0519 0508 0428 0517 0506 0425 0513 0502 0521 0509 "
    "0429 0518 0508",
    "0616 0605 0526 0614 0603 0621 0610 0530 0618 0606 0527 0615 0605 0524 0612 0601 0620 0608 "
    "0528 0616 0606",
    "0716 0704 0624 0713 0703 0721 0710 0629 0718 0706 0625 0714 0704 0722 0711 0701 0719 0707 "
    "0627 0716 0705",
    "0814 0803 0822 0811 0801 0819 0808 0729 0816 0804 0823 0813 0802 0820 0810 0730 0818 0806 "
    "0726 0814 0804",
    "0913 0901 0920 0910 0830 0917 0907 0827 0915 0903 0922 0911 0901 0919 0908 0829 0917 0905 "
    "0825 0913 0902",
    "1013 1001 1020 1009 0929 1017 1006 0926 1015 1003 1021 1010 0930 1018 1008 0927 1016 1004 "
    "0923 1012 1001",
    "1112 1031 1118 1108 1028 1115 1105 1025 1113 1101 1120 1109 1029 1116 1106 1027 1115 1103 "
    "1023 1111 1031",
    "1211 1129 1218 1207 1126 1215 1204 1124 1213 1201 1220 1209 1128 1216 1205 1125 1214 1203 "
    "1122 1211 1130",
    "0110 1229 0117 0106 1226 0113 0103 1223 0111 1231 0119 0108 1228 0115 0104 1225 0113 0101 "
    "0120 0109 1229")
# (out of the table, the earliest day each begins on from 1950 to 2099: 六月 on 24 June)
_LUNAR_EARLIEST = ((1, 21), (2, 20), (3, 21), (4, 21), (5, 23), (6, 24), (7, 25), (8, 24),
                   (9, 23), (10, 23), (11, 22), (12, 22))
_LUNAR_WORD = r"(?:农历|阴历|旧历)"
# a lunar date (2025年农历六月, 2025年阴历6月, 农历2025年五月二十, 2025.7.3（农历）; a month only
# the lunar calendar names, 2025年腊月初三, 正月, 冬月): its year is the lunar year, as people
# name it (2025年腊月 is in January 2026)
_LUNAR_DATE = later(
    rf"(?:(?P<year>(?:19|20)[0-9]{{2}})年?(?:{_LUNAR_WORD}|(?=[正腊冬]月))|"
    rf"{_LUNAR_WORD}(?P<year2>(?:19|20)[0-9]{{2}})年)"
    r"闰?(?P<month>正|腊|冬|十[一二]|[一二三四五六七八九十]|1[0-2]|0?[1-9])月份?"
    r"(?:(?P<day>初[一二三四五六七八九十]|[二三]?十[一二三四五六七八九]?|廿[一二三四五六七八九]|"
    r"(?:[12][0-9]|3[01]|0?[1-9])(?![0-9]))[日号]?)?|"
    r"(?P<year3>(?:19|20)[0-9]{2})[年./\-](?P<month3>1[0-2]|0?[1-9])[月./\-]"
    rf"(?P<day3>3[01]|[12][0-9]|0?[1-9])[日号]?\({_LUNAR_WORD}\)")


def _solar(m: re.Match[str]) -> str:
    """A lunar date (:data:`_LUNAR_DATE`) as the earliest day of the calendar it can be: its
    month's first day by :data:`_LUNAR_MONTHS`, or out of the table the earliest any year's
    begins (:data:`_LUNAR_EARLIEST`), and its day after it; so that a death is after the
    screening date only where it is certain to be (2025年农历六月 is 2025-06-25, 2025年农历五月
    二十 2025-06-15). A leap month (闰六月) as its month, which begins earlier."""
    year = int(m["year"] or m["year2"] or m["year3"])
    words = {"正": 1, "冬": 11, "腊": 12}
    month = m["month"] or m["month3"]
    n = words.get(month) or _number(month)
    days = _LUNAR_MONTHS[n - 1].split()
    if 0 <= year - _LUNAR_FROM < len(days):
        mmdd = days[year - _LUNAR_FROM]
        # (a 腊月 that begins in January begins in the next year)
        first = dt.date(year + (int(mmdd[:2]) < n - 1), int(mmdd[:2]), int(mmdd[2:]))
    else:
        first = dt.date(year, *_LUNAR_EARLIEST[n - 1])
    day = m["day"] or m["day3"]
    first += dt.timedelta(days=_number(day.removeprefix("初")) - 1 if day else 0)
    return f"{first.year}年{first.month}月{first.day}日"


def _number(text: str) -> int:
    """A small number, in digits or Chinese (6, 六, 十二, 二十三, 廿三)."""
    if text.isdigit():
        return int(text)
    tens, _sep, ones = text.replace("廿", "二十").rpartition("十")
    if not _sep:
        return int(_CN_DIGITS[ones])
    return (int(_CN_DIGITS[tens]) if tens else 1) * 10 + (int(_CN_DIGITS[ones]) if ones else 0)


def _festival(name: str, year: int) -> tuple[int, int]:
    """A festival's month and day in ``year`` (:data:`_FESTIVAL`)."""
    days = _LUNAR.get(name, "").split()
    if 0 <= year - _LUNAR_FROM < len(days):
        day = days[year - _LUNAR_FROM]
        return int(day[:2]), int(day[2:])
    return _FESTIVAL[name]


def _found(m: re.Match[str], on: dt.date) -> tuple[int, int | None, int | None]:
    """The parts of a date a pattern of :data:`_DAY_OF` found, a part of its month (下旬, 底)
    as that part's first day."""
    year, month, day = _parts(m.group(1), m.group(2), m.group(3), on)
    about = m.groupdict().get("about")
    if about in _FESTIVAL and month is None:
        return year, *_festival(about, year)
    if about and month is None:  # (a part of the year: its first month)
        return year, _PART_OF_YEAR.get(about.removesuffix("季").upper()), None
    if day is None and month is not None and about in _PART_OF_MONTH:
        day = _PART_OF_MONTH[about]
    return year, month, day


def _parts(year: str, month: str | None, day: str | None, on: dt.date
           ) -> tuple[int, int | None, int | None]:
    """A date's parts; a year of two digits in the century that puts it by ``on`` (98年 on
    2025-06-01 is 1998; 25年 is 2025)."""
    y = int(year)
    if y < 100:
        y += 2000 if 2000 + y <= on.year else 1900
    return y, (int(month) if month else None), (int(day) if day else None)


def _after(day: tuple[int, int | None, int | None], on: dt.date) -> bool:
    """Whether a date written as far as ``day`` gives is after ``on`` (2025年7月 is after
    2025-06-01; 2025年 and 2025年6月 are not)."""
    year, month, mday = day
    if year != on.year:
        return year > on.year
    if month is None or month != on.month:
        return month is not None and month > on.month
    return mday is not None and mday > on.day
