"""The block-mode scanner the Hyperscan passes share."""

from __future__ import annotations

import threading

from dlpmilter.blockscan import BlockScanner, hyperscan


def scanner(expressions: list[bytes], **options: bool) -> BlockScanner:
    built = BlockScanner.build(expressions, **options)
    assert built is not None
    return built


def test_every_match_with_its_expression_and_end() -> None:
    found = scanner([b"ab", b"b"], literal=True).matches(b"abab")
    assert sorted((key, end) for key, _, end in found) == [(0, 2), (0, 4), (1, 2), (1, 4)]


def test_leftmost_starts_when_asked() -> None:
    found = scanner([rb"\bdr\b"], starts=True).matches(b"see dr lee, dr. x")
    assert [(start, end) for _, start, end in found] == [(4, 6), (12, 14)]


def test_no_expressions_no_scanner() -> None:
    assert BlockScanner.build([]) is None


def test_threads_scan_the_same_database() -> None:
    shared = scanner([b"x"], literal=True)
    counts: list[int] = []

    def work() -> None:
        counts.extend(len(shared.matches(b"x" * 1000)) for _ in range(50))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counts == [1000] * 200


def test_keys_are_the_given_ids_of_what_matched() -> None:
    built = BlockScanner([b"ab", b"cd", b"ef"], literal=True, ids=[10, 20, 30])
    assert built.keys(b"xxcdyyab") == {10, 20}
    assert built.keys(b"nothing") == set()


def test_flags_per_expression() -> None:
    caseless = hyperscan.HS_FLAG_CASELESS
    built = BlockScanner([b"abc", b"def"], flags=[caseless, 0])
    assert built.keys(b"ABC DEF") == {0}
    assert built.keys(b"abc def") == {0, 1}
