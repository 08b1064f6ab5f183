"""``/api/v1/`` routes (included from config/urls.py with namespace ``api``).

URL names follow ``api:<entity>-<action>`` (DRF router basenames): ``api:case-list``,
``api:case-detail``, ``api:referral-accept``, ``api:area-detail``, ...
"""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from sigap.agencies.api import AgencyViewSet
from sigap.analytics.api import ScreeningCreateView
from sigap.api.views import ApiTokenListView, ApiTokenRevokeView, TokenObtainView
from sigap.areas.api import AreaViewSet
from sigap.cases.api import CaseViewSet
from sigap.casework.api import CasePlanViewSet, TaskViewSet
from sigap.documents.api import CaseDocumentListView, DocumentDownloadView
from sigap.justice.api import JusticeViewSet
from sigap.people.api import (
    CaseIdentifiersView,
    PersonMatchView,
    PersonMergeUndoView,
    PersonMergeView,
)
from sigap.privacy.api import SubjectActionViewSet
from sigap.referrals.api import ReferralViewSet
from sigap.reports.api import ExportJobViewSet
from sigap.rights.api import RightsViewSet
from sigap.taskforce.api import ActionItemViewSet, MeetingViewSet

app_name = "api"

router = DefaultRouter()
router.include_format_suffixes = False
router.register("areas", AreaViewSet, basename="area")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("cases", CaseViewSet, basename="case")
router.register("referrals", ReferralViewSet, basename="referral")
router.register("plans", CasePlanViewSet, basename="caseplan")
router.register("tasks", TaskViewSet, basename="task")
router.register("justice", JusticeViewSet, basename="justice")
router.register("rights", RightsViewSet, basename="rights")
router.register("exports", ExportJobViewSet, basename="export")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("action-items", ActionItemViewSet, basename="actionitem")
router.register("privacy/actions", SubjectActionViewSet, basename="subjectaction")

urlpatterns = [
    path("auth/token/", TokenObtainView.as_view(), name="auth-token"),
    path("auth/tokens/", ApiTokenListView.as_view(), name="token-list"),
    path("auth/tokens/<uuid:public_id>/revoke/", ApiTokenRevokeView.as_view(), name="token-revoke"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Browsable documentation of the schema (issue 13 §10): Swagger UI from the
    # drf-spectacular-sidecar package, served by the app itself (no CDN); public like the
    # schema (shapes, no data). Its script is served from the same URL (``?script``).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", title="SIGAP API"),
        name="docs",
    ),
    path("screenings/", ScreeningCreateView.as_view(), name="screening-list"),
    path("persons/match/", PersonMatchView.as_view(), name="person-match"),
    path(
        "cases/<uuid:public_id>/identifiers/",
        CaseIdentifiersView.as_view(),
        name="case-identifiers",
    ),
    path(
        "cases/<uuid:public_id>/documents/",
        CaseDocumentListView.as_view(),
        name="case-document-list",
    ),
    path(
        "documents/<uuid:public_id>/download/",
        DocumentDownloadView.as_view(),
        name="document-download",
    ),
    path("persons/merge/", PersonMergeView.as_view(), name="person-merge"),
    path(
        "persons/merges/<uuid:public_id>/undo/",
        PersonMergeUndoView.as_view(),
        name="person-merge-undo",
    ),
    *router.urls,
]
