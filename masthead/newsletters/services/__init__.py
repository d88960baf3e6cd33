"""The newsletters' use cases: subscriptions, editions (assembly and rendering), sending."""
