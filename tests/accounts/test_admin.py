"""The admin: its login page works, staff reach the index, everyone else is refused."""

from tests.support.accounts import PASSWORD, account_create


def test_admin_sends_visitors_to_its_login_page(client):
    response = client.get("/admin/")
    assert response["Location"] == "/admin/login/?next=/admin/"
    assert client.get("/admin/login/").status_code == 200


def test_staff_sign_in_on_the_admin_login_page_and_reach_the_index(client):
    account_create(
        username="Riker", email="riker@enterprise.example", is_staff=True, is_superuser=True
    )
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "riker", "password": PASSWORD, "next": "/admin/"}
    )
    assert response["Location"] == "/admin/"
    index = client.get("/admin/")
    assert index.status_code == 200
    content = index.content.decode()
    assert "Site administration" in content
    assert "Recent actions" not in content
    assert "Groups" not in content


def test_non_staff_are_refused(client, picard):
    client.login(username="picard", password=PASSWORD)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/admin/login/?next=/admin/"
    assert "not authorized to access this page" in response.content.decode()


def test_staff_see_an_admin_link_in_the_site_navigation(client):
    account_create(username="Riker", email="riker@enterprise.example", is_staff=True)
    client.login(username="riker", password=PASSWORD)
    assert 'href="/admin/">Admin</a>' in client.get("/").content.decode()


def test_admin_password_change_works(client):
    account_create(username="Riker", email="riker@enterprise.example", is_staff=True)
    client.login(username="riker", password=PASSWORD)
    response = client.post(
        "/admin/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "Imzadi 2364 x",
            "new_password2": "Imzadi 2364 x",
        },
    )
    assert response["Location"] == "/admin/password_change/done/"
