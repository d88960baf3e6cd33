"""Alert fan-out on the task worker: one task plans, many batch tasks send in parallel."""

from django.tasks import task

from . import services


@task()
def dispatch_alert(alert_id):
    """Plan an alert's deliveries and queue its batches. Safe to run twice."""
    return len(services.dispatch(alert_id))


@task()
def send_batch(alert_id, low, high):
    """Send an alert to subscriptions low..high (ids). Safe to run twice: sends nothing twice."""
    return services.send_batch(alert_id, low, high)


@task()
def check_alert(alert_id):
    """Resume an alert whose worker died mid-batch (scheduled after each dispatch)."""
    return services.resume(alert_id)
