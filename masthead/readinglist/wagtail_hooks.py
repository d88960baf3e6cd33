from wagtail import hooks

from . import sendagain, services, slots

# What the reading list adds to other apps' pages (masthead.core.slots).
hooks.register("masthead_slot_story_tools", slots.story_tools, order=50)
hooks.register("masthead_slot_card_tools", slots.card_tools, order=50)
hooks.register("masthead_slot_account_sections", slots.account_section, order=5)
hooks.register("masthead_slot_head_assets", slots.stylesheet)
hooks.register("masthead_slot_page_scripts", slots.script)

# The member's data export, and a button pressed without a valid token (core.sendagain).
hooks.register("masthead_member_data", lambda member: ("reading_list", services.export_for(member)))
hooks.register("masthead_send_again_readinglist:save", sendagain.save)
hooks.register("masthead_send_again_readinglist:remove", sendagain.remove)
