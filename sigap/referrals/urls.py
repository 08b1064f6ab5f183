from django.urls import path

from sigap.referrals import views, views_transfer

app_name = "referrals"

urlpatterns = [
    path("", views.referral_inbox, name="referral-inbox"),
    path("accept-selected/", views.referral_accept_selected, name="referral-accept-selected"),
    path("new/<uuid:case_id>/", views.referral_create, name="referral-create"),
    path("<uuid:public_id>/", views.referral_detail, name="referral-detail"),
    path("<uuid:public_id>/accept/", views.referral_accept, name="referral-accept"),
    path("<uuid:public_id>/decline/", views.referral_decline, name="referral-decline"),
    path("<uuid:public_id>/start/", views.referral_start, name="referral-start"),
    path("<uuid:public_id>/complete/", views.referral_complete, name="referral-complete"),
    path("<uuid:public_id>/revoke/", views.referral_revoke, name="referral-revoke"),
    path("transfers/", views_transfer.transfer_inbox, name="transfer-inbox"),
    path("transfers/new/<uuid:case_id>/", views_transfer.transfer_request, name="transfer-request"),
    path("transfers/<uuid:public_id>/", views_transfer.transfer_detail, name="transfer-detail"),
    path(
        "transfers/<uuid:public_id>/accept/",
        views_transfer.transfer_accept,
        name="transfer-accept",
    ),
    path(
        "transfers/<uuid:public_id>/decline/",
        views_transfer.transfer_decline,
        name="transfer-decline",
    ),
    path(
        "transfers/<uuid:public_id>/cancel/",
        views_transfer.transfer_cancel,
        name="transfer-cancel",
    ),
]
