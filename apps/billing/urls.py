from django.urls import path

from apps.billing import api, views, webhooks

app_name = "billing"

urlpatterns = [
    path("billing/", views.shop, name="shop"),
    path("billing/purchases/<str:key>/", views.purchase_return, name="purchase_return"),
    path("billing/mine/", views.my_bills, name="mine"),
    path("billing/bills/", views.staff_bills, name="staff_bills"),
    path("billing/bills/<str:token>/", views.bill_page, name="bill"),
    path("billing/bills/<str:token>/pdf", views.bill_pdf_download, name="bill_pdf"),
    path("billing/bills/<str:token>/pdf/open", views.bill_pdf_open, name="bill_pdf_open"),
    path("billing/verify/", views.verify_page, name="verify"),
    path("billing/verify/<str:signature>", views.verify_link, name="verify_link"),
    path("api/billing/verify", api.verify, name="api_verify"),
    path("api/billing/stripe-webhook", webhooks.stripe_webhook, name="stripe_webhook"),
]
