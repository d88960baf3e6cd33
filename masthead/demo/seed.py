"""The seed article, as the real page printed it; its photos are drawn illustrations."""

HEADLINE = "Netanyahu holds talks with Russian officials on Syria ‘friction’"
STANDFIRST = "Putin envoys in Jerusalem reiterate Moscow’s ‘commitment to the maintenance of Israel’s national security,’ Prime Minister’s Office says"
# The photos are not ours to ship: the demo draws illustrations of what they showed
# (masthead/demo/images.py), and these captions say what the illustrations show. Each fits
# the 255 characters of the photo's alt text, so it is never cut short.
LEAD_CAPTION = "Illustration: name cards for Sergey Vershinin, Alexander Lavrentiev and Benjamin Netanyahu at the meeting table in the Prime Minister’s Office in Jerusalem, where they held talks on Iran and Syria on January 29, 2019."
LEAD_CREDIT = "Illustration/Masthead demo"
INLINE_CAPTION = "Illustration: a map of the Golan Heights marking the village of al-Hamidia, near the 1974 ceasefire line, where Russian military police and Syrian government forces patrolled on August 14, 2018."
INLINE_CREDIT = "Illustration/Masthead demo"
PARAGRAPHS_BEFORE_PHOTO = [
    "Prime Minister Benjamin Netanyahu held talks Tuesday with Russian officials, seeking to avoid “friction” amid an Israeli campaign of air strikes aimed at keeping Iran from entrenching itself militarily in Syria.",
    "Russian special envoy for Syrian affairs Alexander Lavrentiev and Deputy Foreign Minister Sergey Vershinin met Netanyahu and top Israeli defense officials at the his office in Jerusalem, the Prime Minister’s Office said.",
    "“Among the issues discussed were Iran and the situation in Syria, and strengthening the security coordination mechanism between the militaries in order to prevent friction,” the PMO stated. “The Russian representatives reiterated Russia’s commitment to the maintenance of Israel’s national security.”",
    "Netanyahu was joined by National Security Adviser Meir Ben-Shabbat and Maj.-Gen. Aharon Haliva who heads the IDF’s Operations Directorate.",
]
PARAGRAPHS_AFTER_PHOTO = [
    "The two Russian officials arrived in Israel on Monday and first met with Foreign Ministry officials.",
    "Israel has carried out hundreds of air strikes in Syria in the past few years against Iranian and Hezbollah targets, and the Jewish state and Russia have set up a “de-confliction” hotline aimed at avoiding accidental clashes.",
    "That mechanism was stretched when a Russian military aircraft was mistakenly shot down by Syrian air defenses after an Israeli raid in September.",
    "Fifteen Russian soldiers were killed and the Russian army accused Israeli pilots of using Moscow’s plane as cover to evade Syrian gunfire, which Israel denied.",
    "As part of its response, Russia announced new security measures to protect its military in Syria, including supplying Syria with an S-300 air defense system and jamming the radars of nearby warplanes.",
    "Netanyahu has told Russian President Putin that Israel is determined to prevent Iran from entrenching militarily in Syria, according to his office.",
    "Both Russia and the Islamic republic, Israel’s arch-enemy, are allies of Syrian President Bashar Assad and have helped his forces inflict numerous defeats on rebels and jihadists.",
    "A former head of the Israeli Air Force on Monday said that only Russia, and not Israeli military might, can fully remove Iran from Syria.",
    "“There is no military action that is going to get Iran out of Syria. Only a diplomatic effort can get Iran out of Syria, and this diplomatic effort has just one address. It’s called Russia,” said Maj. Gen. (res.) Amir Eshel.",
]
