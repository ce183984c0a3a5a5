"""Wait, in a Pilot test, until the explorer has drawn its first screen: keys typed before it are only filter text."""

from __future__ import annotations

from typing import Any


async def until_painted(pilot: Any) -> None:
    """Let the app run until its first paint (``AlignApp.painted``); a condition, never a fixed sleep."""
    for _ in range(1000):
        if pilot.app.painted:
            return
        await pilot.pause()
    raise AssertionError("the explorer never drew its first screen")
