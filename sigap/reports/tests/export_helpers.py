"""Test helpers: run an export job end to end (the task runs on the immediate backend once
the request's transaction commits) and return the file."""

from django.http import HttpResponse
from django.test import TestCase

from sigap.reports.exports import FILTERS, export_job_create
from sigap.reports.models import ExportJob


def run_case_export(user, *, fmt="csv", identities=False, purpose="", **filters) -> bytes:
    """The bytes of ``user``'s case export (``filters`` among FILTERS), through the job and
    its task, read back through the download service."""
    from sigap.reports.exports import export_job_file

    assert set(filters) <= set(FILTERS)
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = export_job_create(
            user=user, fmt=fmt, filters=filters, include_identities=identities, purpose=purpose
        )
    job.refresh_from_db()
    assert job.status == "done", job.error
    return export_job_file(user=user, job=job).read_bytes()


def post_and_download(client, url, data) -> HttpResponse:
    """POST the export form; when it queues a job (302 to the job page), run it, download the
    file and return it as a plain response (content, Content-Type, Content-Disposition).
    Otherwise return the form's response as it is."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, data)
    if response.status_code != 302:
        return response
    job = ExportJob.objects.get(public_id=response.url.rstrip("/").rsplit("/", 1)[-1])
    page = client.get(response.url)
    assert page.status_code == 200
    download = client.get(f"{response.url}download/")
    assert download.status_code == 200, job.status
    plain = HttpResponse(b"".join(download.streaming_content), status=download.status_code)
    for header in ("Content-Type", "Content-Disposition", "Cache-Control"):
        plain[header] = download[header]
    return plain
