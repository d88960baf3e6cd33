from wagtail import hooks

from . import sendagain, services, slots

# What sharing adds to other apps' pages (masthead.core.slots).
hooks.register("masthead_slot_story_tools", slots.story_tools, order=10)
hooks.register("masthead_slot_account_sections", slots.account_section, order=40)
hooks.register("masthead_slot_head_assets", slots.stylesheet)
hooks.register("masthead_slot_page_scripts", slots.script)
hooks.register("masthead_member_data", lambda member: ("gift_links", services.export_for(member)))

# A press refused for its CSRF token shows the same button again (core.sendagain).
hooks.register("masthead_send_again_sharing:give", sendagain.give)
hooks.register("masthead_send_again_sharing:revoke", sendagain.revoke)
