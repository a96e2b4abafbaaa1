"""Demo todos for the demo users that ``manage.py seed_demo`` creates (AppConfig.demo_seed)."""

from apps.accounts.selectors import username_key
from apps.todos.services import inbox_ensure, todo_create

TODOS = {
    "picard": [
        ("Tea, Earl Grey, hot", True),
        ("Inspect the warp core with Geordi", False),
        ("Finish reading Shakespeare's sonnets", False),
    ],
    "kirk": [
        ("Reprogram the Kobayashi Maru simulation", True),
        ("Shore leave: find Mr. Spock a hobby", False),
    ],
}


def demo_seed(*, username: str) -> int:
    """Give a new demo user an Inbox with a few todos; the number of todos made."""
    user = username_key(username)
    todos = TODOS.get(user, [])
    [inbox] = inbox_ensure(user=user, lists=[])
    for order, (title, completed) in enumerate(todos, start=1):
        todo_create(user=user, list_id=inbox.item_id, title=title, completed=completed, order=order)
    return len(todos)
