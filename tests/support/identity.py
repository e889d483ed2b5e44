"""A committee's identity with every field set, for the identity screen's and pages' tests."""

from __future__ import annotations

from danvan.identity.store import Identity

EXAMPLE_IDENTITY = Identity(
    name="Ban Dân vận Tỉnh ủy",
    province="Tuyên Quang",
    name_en="Mass Mobilization Commission of Tuyen Quang Provincial Party Committee",
    address="Số 1 đường Tân Trào, phường Minh Xuân, tỉnh Tuyên Quang",
    phone="(0207) 3822.123",
    fax="0207 3822 456",
    email="bandanvan@tuyenquang.gov.vn",
    responsible="Nguyễn Văn An, Phó Trưởng Ban",
    licence="Giấy phép số 12/GP-TTĐT do Sở Thông tin và Truyền thông cấp ngày 01/6/2021",
)

# The identity screen's form as a browser posts it for EXAMPLE_IDENTITY (no logo chosen).
EXAMPLE_FORM = {
    "name": EXAMPLE_IDENTITY.name,
    "province": EXAMPLE_IDENTITY.province,
    "name_en": EXAMPLE_IDENTITY.name_en,
    "address": EXAMPLE_IDENTITY.address,
    "phone": EXAMPLE_IDENTITY.phone,
    "fax": EXAMPLE_IDENTITY.fax,
    "email": EXAMPLE_IDENTITY.email,
    "responsible": EXAMPLE_IDENTITY.responsible,
    "licence": EXAMPLE_IDENTITY.licence,
    "image_name": "",
}
