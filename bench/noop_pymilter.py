"""The floor of any milter written in Python on pymilter: the same callbacks as dlpmilter
(connect, MAIL, RCPT, every header, end of headers, the body, end of message), with the same
no-reply protocol options, looking at none of it and accepting every message.

The Postfix benchmark (bench/postfix.py) runs it beside the no-op C milter and dlpmilter, so
the report can split what pymilter's binding costs (the Python interpreter entered once per
callback from libmilter's threads) from what dlpmilter adds on top.

Run: python noop_pymilter.py unix:/path/to/socket
"""

from __future__ import annotations

import sys

import Milter


class NoopMilter(Milter.Base):  # type: ignore[misc]
    """Accepts every message; every callback but end of message is a no-reply one."""

    @Milter.noreply  # type: ignore[untyped-decorator]
    def connect(self, hostname: str, family: int, hostaddr: object) -> int:
        return Milter.CONTINUE  # type: ignore[no-any-return]

    @Milter.noreply  # type: ignore[untyped-decorator]
    def envfrom(self, sender: str, *params: str) -> int:
        return Milter.CONTINUE  # type: ignore[no-any-return]

    @Milter.noreply  # type: ignore[untyped-decorator]
    def envrcpt(self, recipient: str, *params: str) -> int:
        return Milter.CONTINUE  # type: ignore[no-any-return]

    @Milter.noreply  # type: ignore[untyped-decorator]
    def header(self, name: str, value: str) -> int:
        return Milter.CONTINUE  # type: ignore[no-any-return]

    @Milter.noreply  # type: ignore[untyped-decorator]
    def eoh(self) -> int:
        return Milter.CONTINUE  # type: ignore[no-any-return]

    @Milter.noreply  # type: ignore[untyped-decorator]
    def body(self, chunk: bytes) -> int:
        return Milter.CONTINUE  # type: ignore[no-any-return]

    def eom(self) -> int:
        return Milter.ACCEPT  # type: ignore[no-any-return]


def main(socket: str) -> None:
    """Serve until killed."""
    Milter.factory = NoopMilter
    Milter.set_flags(0)
    Milter.runmilter("noop-pymilter", socket, timeout=600)


if __name__ == "__main__":
    main(sys.argv[1])
