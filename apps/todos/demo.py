"""Demo todos for the demo users (TodosConfig.demo_seed, run by ``manage.py seed_demo``)."""

from apps.accounts.selectors import username_key
from apps.core.apps import DemoRun
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


def demo_seed(run: DemoRun) -> list[str]:
    """Give each demo user this run creates an Inbox with a few todos."""
    said = []
    for name in run.new_users:
        todos = TODOS.get(username_key(name), [])
        if not run.dry_run:
            _inbox_fill(username_key(name), todos)
        said.append(run.made(f"an Inbox with {len(todos)} todos", name))
    return said


def _inbox_fill(user: str, todos: list[tuple[str, bool]]) -> None:
    [inbox] = inbox_ensure(user=user, lists=[])
    for order, (title, completed) in enumerate(todos, start=1):
        todo_create(user=user, list_id=inbox.item_id, title=title, completed=completed, order=order)
