"""Moving one item up or down a list that staff order by hand (banners, links, categories)."""

from __future__ import annotations

from typing import Any


def swap_with_neighbour(group: list[Any], item: Any, direction: str) -> bool:
    """Swap ``item`` with its neighbour above ("up") or below in ``group`` (in display order);
    False when it is already at that end.

    The whole group is renumbered 10, 20, 30… (``sort_order``), so the order stays clean
    whatever numbers were there before.
    """
    index = group.index(item)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(group):
        return False
    group[index], group[other] = group[other], group[index]
    for number, each in enumerate(group, start=1):
        each.sort_order = number * 10
    return True


BAD_DIRECTION = "Hướng di chuyển không hợp lệ."


def move_message(name: str, direction: str, moved: bool) -> str:
    """What staff are told after a move: where ``name`` went, or that it was already at the
    end it was moved towards."""
    if not moved:
        return f"“{name}” đã ở vị trí {'đầu' if direction == 'up' else 'cuối'}."
    return f"Đã chuyển “{name}” {'lên trên' if direction == 'up' else 'xuống dưới'}."
