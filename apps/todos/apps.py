from apps.core.apps import SiteAppConfig


class TodosConfig(SiteAppConfig):
    name = "apps.todos"
    verbose_name = "Todos"
    nav_url = "todos:index"
    summary = (
        "Todo lists as pages and as a JSON API for your devices, kept in sync, "
        "with Todo-Backend compatible addresses."
    )
    openapi_paths = "apps.todos.openapi.PATHS"
    demo_seed = "apps.todos.demo.demo_seed"
    user_data_deleted = (
        "The account's todo lists and todos, and its devices: their API tokens stop working."
    )
    user_access_revoke = "apps.todos.services.user_access_revoke"
    api_key_scopes = (("todos", "Read and change your todo lists and todos"),)
    user_data_delete = "apps.todos.services.user_data_delete"
