import codecs

import pytest

from etl.pages.decode import decode_bytes
from etl.records import InputError

TEXT = "Le président a déclaré : « Nous espérons la paix », à Anchorage.\nÉté 2025 — naïveté œuvre."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32"])
def test_unicode_encodings_round_trip(encoding):
    assert decode_bytes(TEXT.encode(encoding)) == TEXT


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_legacy_french_text_is_decoded(encoding):
    text = "Le président a déclaré que l'été serait décisif pour la sécurité européenne. " * 5
    assert decode_bytes(text.encode(encoding)) == text


def test_cp1252_curly_quotes_and_euro():
    text = "Il a payé 10 € pour « ça » et “cela” – c’était déjà trop, a-t-il ajouté. " * 4
    assert decode_bytes(text.encode("cp1252")) == text


def test_nul_bytes_and_crlf_are_removed():
    assert decode_bytes(b"Bonjour\x00 le\r\nmonde\rici") == "Bonjour le\nmonde\nici"


def test_text_is_nfc():
    decomposed = "e\u0301te\u0301".encode()
    assert decode_bytes(decomposed) == "\u00e9t\u00e9"


def test_truncated_utf8_keeps_the_rest():
    data = ("Déjà vu à Moscou et à Kyiv. " * 10).encode() + "é".encode()[:1]
    out = decode_bytes(data)
    assert out.startswith("Déjà vu à Moscou")
    assert "Ã" not in out  # not mis-decoded as a legacy code page


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"", "empty"),
        (b"   \n\t \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "binary"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "binary"),
        (bytes(range(1, 32)) * 40, "binary"),
    ],
)
def test_bad_inputs_raise_with_a_reason(data, reason):
    with pytest.raises(InputError) as info:
        decode_bytes(data)
    assert info.value.reason == reason


def test_bom_is_not_kept():
    assert not decode_bytes(codecs.BOM_UTF8 + b"Titre\n\nCorps").startswith("\ufeff")


def test_invisible_characters_are_removed_before_anything_is_matched():
    text = decode_bytes("Ré\u00adforme des re\u200btraites\u2060 : le pro\u200djet\ufeff".encode())
    assert text == "Réforme des retraites : le projet"
