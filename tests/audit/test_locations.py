"""Audit locations and facts keep their shape and lose the names a sender gave."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from dlpmilter.audit.locations import content_free_fact, content_free_location
from dlpmilter.message import Fact
from dlpmilter.redaction import digest

SALT = b"site salt"
NAME = re.compile(r"~[0-9a-f]{10}")


def test_parts_without_names_stay() -> None:
    for location in ("body", "body[2]", "subject", "message", "preamble", "attachment:part3"):
        assert content_free_location(location, SALT) == location


def test_a_name_becomes_its_digest_with_its_extension() -> None:
    hidden = content_free_location("attachment:Gonzalez_Maria_MRN40718823.PDF", SALT)
    assert hidden == f"attachment:~{digest('Gonzalez_Maria_MRN40718823.PDF', SALT)[:10]}.pdf"


def test_the_shape_of_nested_locations_stays() -> None:
    hidden = content_free_location("attachment:fwd.eml/attachment:Maria.zip/2024/list.csv", SALT)
    assert re.fullmatch(
        r"attachment:~\w{10}\.eml/attachment:~\w{10}\.zip/~\w{10}/~\w{10}\.csv", hidden
    )
    assert content_free_location("attachment:fwd.eml/body[2]", SALT).endswith(".eml/body[2]")
    assert content_free_location("attachment:Maria.txt[2]#filename", SALT).endswith(
        ".txt[2]#filename"
    )


def test_a_member_name_with_a_hash_sign_is_hidden_whole() -> None:
    hidden = content_free_location("attachment:x.zip/Maria#Gonzalez.csv", SALT)
    assert "Gonzalez" not in hidden and "Maria" not in hidden


def test_a_name_with_undecodable_bytes_has_a_digest() -> None:
    """File names are decoded with surrogateescape: a lone surrogate must not break the record."""
    name = b"r\xe9sultats.pdf".decode("utf-8", "surrogateescape")
    assert content_free_location(f"attachment:{name}", SALT).endswith(".pdf")


def test_equal_names_give_equal_digests_per_site() -> None:
    one = content_free_location("attachment:labs.csv", SALT)
    assert one == content_free_location("attachment:labs.csv", SALT)
    assert one != content_free_location("attachment:labs.csv", b"another site")


def test_a_fact_keeps_its_kind_and_detail() -> None:
    fact = str(
        Fact(kind="encrypted_attachment", location="attachment:Re: Maria.zip", detail="zip: AES")
    )
    hidden = content_free_fact(fact, SALT)
    assert hidden.startswith("encrypted_attachment@attachment:~")
    assert hidden.endswith(".zip: zip: AES")
    assert "Maria" not in hidden
    assert content_free_fact("greets_recipient@message: a greeting names a recipient", SALT) == (
        "greets_recipient@message: a greeting names a recipient"
    )


names = st.text(alphabet=st.characters(blacklist_characters="/\0"), min_size=1, max_size=40)


@given(names, names)
def test_no_name_survives(outer: str, inner: str) -> None:
    """Whatever the names, none of their letters runs survive beyond the extension."""
    location = f"attachment:{outer}/{inner}"
    hidden = content_free_location(location, SALT)
    fact = content_free_fact(
        str(Fact(kind="uninspected", location=location, detail="not extracted")), SALT
    )
    for text in (hidden, fact):
        leftover = NAME.sub("", text.removeprefix("uninspected@")).replace("attachment:", "")
        leftover = leftover.removesuffix(": not extracted")
        for part in leftover.split("/"):
            assert len(part) <= 6, (location, text)  # at most an extension like ".xlsx" or "[2]"
