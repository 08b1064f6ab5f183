"""``{% breach_clock_of incident now as clock %}``: the 3 × 24-hour clock of a breach in a list
(sigap.privacy.clock.breach_clock)."""

from django import template

from sigap.privacy.clock import breach_clock

register = template.Library()


@register.simple_tag
def breach_clock_of(incident, now=None):
    """The BreachClock of ``incident`` at ``now`` (default: the current time)."""
    return breach_clock(incident, now=now)
