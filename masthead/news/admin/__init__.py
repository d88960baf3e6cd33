"""The newsroom's admin screens: photo forms and choosers, topic and author choosers, reports."""
