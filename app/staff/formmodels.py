"""The staff area's forms as pydantic models that give an error per field.

Each model lists, in ``MESSAGES``, the message (a msgid, translated when shown) for each field:
whatever pydantic finds wrong with a field, the person sees that field's message, which says
what to type. :func:`read_form` returns the model or {field: message}. The screening form
itself is read by the fact codec (:mod:`app.staff.forms`), not here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, ClassVar, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from app.i18n import N_

from .models import COUNTIES, FOLLOW_UP

Text = Annotated[str, StringConstraints(strip_whitespace=True)]
County = Literal[COUNTIES]  # type: ignore[valid-type]


class FormModel(BaseModel):
    model_config = ConfigDict(extra="ignore", str_max_length=2000)
    MESSAGES: ClassVar[dict[str, str]] = {}


# Account names: ASCII letters, digits, dot, minus, underscore (no look-alike letters such as
# the full-width ｌｉ for li). The command line uses it too.
USERNAME_PATTERN = r"^[A-Za-z0-9._-]+$"


class LoginForm(FormModel):
    username: Annotated[Text, Field(min_length=1, max_length=64)]
    password: Annotated[str, Field(min_length=1, max_length=200)]
    MESSAGES = {"username": N_("请输入用户名。"), "password": N_("请输入密码。")}


class UserForm(FormModel):
    username: Annotated[Text, Field(min_length=3, max_length=64, pattern=USERNAME_PATTERN)]
    display_name: Annotated[Text, Field(max_length=100)] = ""
    role: Literal["staff", "admin"]
    county: County | Literal[""] = ""
    township: Annotated[Text, Field(max_length=100)] = ""
    password: Annotated[str, Field(min_length=1, max_length=200)]
    MESSAGES = {
        "username": N_("用户名要3到64个字符，只能用英文字母、数字、点、减号和下划线。"),
        "display_name": N_("姓名不能超过100个字。"),
        "role": N_("请选择角色。"),
        "county": N_("请从列表中选择县（市、区）。"),
        "township": N_("乡镇（街道）、村（社区）不能超过100个字。"),
        "password": N_("请输入初始密码。"),
    }


class PasswordChangeForm(FormModel):
    current_password: Annotated[str, Field(min_length=1, max_length=200)]
    new_password: Annotated[str, Field(min_length=1, max_length=200)]
    confirm_password: Annotated[str, Field(max_length=200)] = ""
    MESSAGES = {"current_password": N_("请输入现在的密码。"),
                "new_password": N_("请输入新密码。"),
                "confirm_password": N_("两次输入的新密码不一样。")}


class PasswordResetForm(FormModel):
    new_password: Annotated[str, Field(min_length=1, max_length=200)]
    MESSAGES = {"new_password": N_("请输入新密码。")}


class SaveForm(FormModel):
    consent: Literal["yes"]
    applicant_name: Annotated[Text, Field(max_length=50)] = ""
    applicant_phone: Annotated[Text, Field(max_length=20, pattern=r"^[0-9 +-]*$")] = ""
    MESSAGES = {
        "consent": N_("保存前，请先向申请人读出告知内容，并在取得同意后勾选。"),
        "applicant_name": N_("姓名不能超过50个字。"),
        "applicant_phone": N_("电话号码只能包含数字、空格、加号和减号，最多20位。"),
    }


class NoteForm(FormModel):
    note: Annotated[Text, Field(max_length=2000)] = ""
    MESSAGES = {"note": N_("备注不能超过2000字。")}


FollowUp = Literal[FOLLOW_UP]  # type: ignore[valid-type]

M = TypeVar("M", bound=FormModel)


def read_form(model: type[M], data: Mapping[str, str], _: Callable[[str], str]
              ) -> tuple[M | None, dict[str, str]]:
    """(the model, {}) or (None, {field: translated message}) in the model's field order."""
    try:
        return model.model_validate(dict(data)), {}
    except ValidationError as exc:
        bad = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
        return None, {name: _(model.MESSAGES[name]) for name in model.model_fields
                      if name in bad and name in model.MESSAGES}
