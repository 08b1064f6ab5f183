from django.urls import path

from sigap.referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.referral_inbox, name="referral-inbox"),
    path("new/<uuid:case_id>/", views.referral_create, name="referral-create"),
    path("<uuid:public_id>/", views.referral_detail, name="referral-detail"),
    path("<uuid:public_id>/accept/", views.referral_accept, name="referral-accept"),
    path("<uuid:public_id>/decline/", views.referral_decline, name="referral-decline"),
    path("<uuid:public_id>/complete/", views.referral_complete, name="referral-complete"),
]
