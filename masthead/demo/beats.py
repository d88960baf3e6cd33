"""What the archive's stories are about: a newsroom's beats, each with its section, its
writers, its topics, its picture and the words its stories are written from.

Templates name their blanks ({person}, {place}, {expert}…); archive.py fills them from the
story's own draw, so the same beat gives different headlines, standfirsts and stories.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Beat:
    key: str
    section: str  # the section's slug
    picture: str | None  # a subject of images.SUBJECTS, or None for a story without a photo
    topics: tuple  # topic slugs, as the demo loader creates them
    authors: tuple  # author slugs
    datelines: tuple  # "{PLACE}" takes the story's place
    stories: tuple  # (headline, standfirst, first paragraph): the story it tells
    paragraphs: tuple  # what follows, fit for every story of the beat
    subheadings: tuple
    quotes: tuple  # (quote, attribution) pairs for a pull quote
    # Who, where and what the beat's stories draw on (archive.py's lists when empty).
    people: tuple = ()
    places: tuple = ()
    orgs: tuple = ()
    subjects: tuple = ()
    general: bool = True  # whether long stories may add GENERAL's reactions and context
    weight: int = 1  # turns in its section's round: diplomacy leads this newsroom


# Writers the archive adds to the demo's own (masthead/demo/services.py AUTHORS).
CONTRIBUTORS = [
    ("Noa Peretz", "noa-peretz", "Economics correspondent"),
    ("Ariel Cohen", "ariel-cohen", "Technology reporter"),
    ("Avi Dahan", "avi-dahan", "Sports writer"),
    ("Ruth Adler", "ruth-adler", "Jewish world correspondent"),
    ("Daniel Sasson", "daniel-sasson", "Columnist"),
    ("Tamar Weiss", "tamar-weiss", "Heritage and archaeology writer"),
]

FIRST_NAMES = (
    "Yael Noam Tamar Eitan Rana Samir Michal Daniel Shira Amit Lina Yosef Hila Karim Ruth "
    "Ilan Maya Omer Dalia Nir Sarah Tomer Aviva Fadi Gil Naama"
).split()
SURNAMES = (
    "Peretz Levy Mizrahi Biton Halabi Friedman Azoulay Khoury Dahan Sasson Ben-David "
    "Rosenberg Nasser Avraham Golan Shalev Amar Klein Barak Hadad"
).split()
JOBS = [
    "an economist at Tel Aviv University",
    "a former national security official",
    "a researcher at the Institute for National Security Studies",
    "a senior fellow at the Israel Democracy Institute",
    "a former ambassador",
    "a political scientist at the Hebrew University",
    "an analyst at a Jerusalem think tank",
    "a lecturer at Ben-Gurion University",
]
TEAMS = [
    "Maccabi Tel Aviv",
    "Maccabi Haifa",
    "Beitar Jerusalem",
    "Hapoel Be’er Sheva",
    "Hapoel Tel Aviv",
    "Bnei Sakhnin",
    "Hapoel Jerusalem",
    "Maccabi Netanya",
]
COMMUNITIES = [
    "Rome",
    "Budapest",
    "Buenos Aires",
    "Marseille",
    "Melbourne",
    "Toronto",
    "Kraków",
    "Johannesburg",
    "Thessaloniki",
    "Montreal",
]
MONTHS = (
    "January February March April May June July August September October November December"
).split()
COMPANY_ENDINGS = [" Labs", " Systems", " Robotics", " Health", " Data", " Security"]
SITES = ["Tel Lachish", "Beit Shemesh", "Khirbet Qeiyafa", "Tel Gezer", "Maresha", "Tel Azekah"]

# Paragraphs any news story can draw on once its own run out: reactions and context.
GENERAL = (
    "“This is not the end of the matter,” said {expert}, {job}. “It is the start of a "
    "longer argument, and everyone involved knows it.”",
    "Officials who spoke on condition of anonymity said a decision was expected within "
    "{n} weeks, though similar deadlines have slipped before.",
    "Critics were quick to respond. {expert2}, {job2}, called the move “a half-measure "
    "dressed up as a plan.”",
    "The announcement came after a week of meetings in which officials from several "
    "ministries worked late into the night on the details.",
    "A poll published on {day2} suggested the public is split, with about {pct} percent undecided.",
    "A government spokesperson declined to comment on the details, saying only that "
    "“all options remain on the table.”",
    "{expert} said the coming {month} would show whether the change was more than words.",
    "The figures do not tell the whole story, {expert2} added: much depends on decisions "
    "that have not yet been made.",
)

ISRAELI_OFFICIALS = (
    "Benjamin Netanyahu",
    "Meir Ben-Shabbat",
    "Aharon Haliva",
    "Benny Gantz",
    "Yair Lapid",
    "Isaac Herzog",
)
FOREIGN_LEADERS = (
    "Antony Blinken",
    "Emmanuel Macron",
    "Olaf Scholz",
    "Recep Tayyip Erdogan",
    "Abdel Fattah el-Sissi",
    "King Abdullah",
    "Mohammed bin Salman",
)

BEATS = [
    Beat(
        key="russia-coordination",
        weight=2,
        section="israel-and-the-region",
        picture="flags",
        topics=("diplomacy", "russia", "syria", "iran"),
        authors=("dana-levin", "staff"),
        datelines=("JERUSALEM",),
        people=ISRAELI_OFFICIALS,
        places=("Jerusalem",),
        orgs=("the Prime Minister’s Office", "the Foreign Ministry", "the Defense Ministry"),
        subjects=(
            "security coordination",
            "the S-300 system",
            "the de-confliction hotline",
            "air strikes",
            "border security",
        ),
        stories=(
            (
                "Russian envoy Lavrentiev in Jerusalem for talks on {subject}",
                "The Kremlin’s Syria envoy spends {n} hours with Israeli officials; {org} "
                "calls the talks “frank and useful”",
                "Alexander Lavrentiev, the Russian president’s special envoy for Syria, met "
                "{person} and senior government officials in Jerusalem on {day}, {org} said.",
            ),
            (
                "Israel and Russia test their hotline again after strikes near {target}",
                "Officials say the de-confliction mechanism held during {day}’s strikes, but "
                "Moscow wants more warning next time",
                "Israeli and Russian officers spoke on the de-confliction hotline several "
                "times during {day}’s strikes near {target}, {org} said, and Moscow’s Syria "
                "envoy, Alexander Lavrentiev, called government officials in Jerusalem the next "
                "morning.",
            ),
            (
                "{psur} presses Moscow’s envoy on Iran’s foothold in Syria",
                "Second meeting in {n} months with Alexander Lavrentiev as Israel tries to "
                "keep Russia on side over {subject}",
                "{person} told Russia’s Syria envoy, Alexander Lavrentiev, in Jerusalem on "
                "{day} that the government would not accept Iranian forces near Israel’s "
                "border, {org} said.",
            ),
        ),
        paragraphs=(
            "The talks covered {subject} and the de-confliction hotline the two "
            "militaries set up to avoid accidental clashes in Syrian airspace.",
            "Israel has carried out hundreds of strikes in Syria against what it says are "
            "Iranian and Hezbollah targets. Russia, which backs the Assad government, has "
            "criticized some of them but has rarely acted to stop them.",
            "Deputy Foreign Minister Sergey Vershinin joined the second half of the "
            "meeting, which ran past midnight, according to two people who were present.",
            "“The mechanism works because both sides want it to work,” said {expert}, "
            "{job}. “The day one side stops wanting it, it will fail very quickly.”",
            "{person} was expected to discuss the talks with {other} by phone later in the "
            "week, {org} said.",
            "Lavrentiev last visited Israel in {month}, when he and Vershinin held talks "
            "with officials at the Prime Minister’s Office.",
            "Russian officials did not comment publicly. The Russian embassy in Tel Aviv "
            "said only that the visit had been “planned long in advance.”",
            "Analysts said the timing, days after the strikes near {target}, was not a "
            "coincidence.",
        ),
        subheadings=("The hotline", "What Moscow wants", "A long relationship"),
        quotes=(("The mechanism works because both sides want it to work.", "{expert}, {job}"),),
    ),
    Beat(
        key="northern-border",
        section="israel-and-the-region",
        picture="border-map",
        topics=("israel-defense-forces", "hezbollah"),
        authors=("yoav-shapira", "staff"),
        datelines=("KIRYAT SHMONA", "METULA"),
        stories=(
            (
                "Residents of the north return home as quiet holds on the Lebanon border",
                "About {n2},000 people left border towns during the fighting; most are "
                "back, but {pct} percent of businesses are still shut",
                "Families returned to Kiryat Shmona and Metula over the weekend as a fragile "
                "quiet held along the border with Lebanon for a {nth} week and the government "
                "lifted the last restrictions on businesses.",
            ),
            (
                "IDF reinforces border posts near Metula after drone sighting",
                "The military says a drone crossed from Lebanon on {day} night and was "
                "tracked for {n} minutes until it turned back",
                "The Israel Defense Forces said on {day} that it had added troops to its "
                "posts near Metula after a drone crossed the border from Lebanon, a step the "
                "government’s security cabinet approved overnight.",
            ),
            (
                "Schools in Kiryat Shmona reopen after {n} weeks",
                "Parents are relieved, and wary: “We have heard ‘it’s over’ before,” says "
                "{expert}, a mother of {n3_small}",
                "Schools in Kiryat Shmona, the largest town near the border with Lebanon, "
                "opened their doors on {day} for the first time in {n} weeks, after the "
                "government declared the area safe.",
            ),
            (
                "Army says it foiled a Hezbollah cell near the Blue Line",
                "Troops detained {n} suspects near the fence on {day}; the army says they "
                "were gathering intelligence on its posts",
                "Israeli troops detained {n} people near the border fence with Lebanon on "
                "{day} whom the army described as members of a Hezbollah surveillance cell. "
                "The government said it would complain to the United Nations.",
            ),
        ),
        paragraphs=(
            "In Kiryat Shmona, shops on the main street opened their shutters for the first "
            "time in weeks.",
            "“My children asked me whether it is safe now. I told them the truth: I do not "
            "know,” said {expert}, who runs a bakery in the town.",
            "Hezbollah did not comment. The group has in the past denied sending drones "
            "across the border.",
            "The Blue Line, drawn by the United Nations in 2000, marks the line to which "
            "Israel withdrew from southern Lebanon. Parts of it are still disputed.",
            "Officials said the northern front had also come up in recent talks with "
            "Russia’s envoy, Alexander Lavrentiev, though Moscow has little sway in Lebanon.",
            "Farmers in the Hula Valley said they had lost much of the {month} harvest to "
            "closed roads and fields they could not reach.",
            "The army said it had added observation posts and a new radar near Metula.",
        ),
        subheadings=("Back home", "On the line", "What the army says"),
        quotes=(("I told them the truth: I do not know.", "{expert}, a baker in Kiryat Shmona"),),
    ),
    Beat(
        key="knesset",
        section="israel-and-the-region",
        picture="knesset",
        topics=("benjamin-netanyahu", "economy"),
        authors=("dana-levin", "staff"),
        datelines=("JERUSALEM",),
        people=ISRAELI_OFFICIALS,
        subjects=("the state budget", "judicial reform", "the election date", "housing"),
        stories=(
            (
                "Knesset passes the budget’s first reading by {ayes} votes to {noes}",
                "The vote came after {n} hours of debate; the bill now returns to the finance "
                "committee",
                "The Knesset approved the government’s budget in a first reading late on {day}, by "
                "{ayes} votes to {noes}, after a debate that ran for most of the day.",
            ),
            (
                "Coalition delays Knesset vote on {subject} as partners hold out",
                "Two coalition parties want changes before they back the bill; the vote may "
                "slip to {month}",
                "The coalition put off a Knesset vote on {subject} on {day} after two of its "
                "partners said they would not support the government’s bill as written.",
            ),
            (
                "Opposition files no-confidence motion over {subject}",
                "The motion is unlikely to pass, but it forces all 120 members to take a "
                "side on {subject} before {month}",
                "Opposition parties filed a motion of no confidence in the government in the "
                "Knesset on {day}, citing its handling of {subject}.",
            ),
        ),
        paragraphs=(
            "The debate ended, as such debates do, with shouting across the chamber.",
            "{person} defended the government’s course in a speech from the rostrum, "
            "saying it would “finally put the numbers in order.”",
            "Opposition members accused the coalition of rushing. “We received the final "
            "text {n} hours before the vote,” one said.",
            "The Knesset has 120 members. The coalition holds a narrow majority, which "
            "makes every absence count.",
            "The finance committee will meet again on {day2} to go through the bill clause "
            "by clause.",
            "“This is how a parliament is supposed to work,” said {expert}, {job}. “Slowly, "
            "noisily, and in public.”",
            "A poll published on {day2} found that {pct} percent of voters had not followed "
            "the debate.",
        ),
        subheadings=("The vote", "What happens next", "The numbers"),
        quotes=(("This is how a parliament is supposed to work.", "{expert}, {job}"),),
    ),
    Beat(
        key="courts",
        section="israel-and-the-region",
        picture="supreme-court",
        topics=(),
        authors=("staff", "agencies"),
        datelines=("JERUSALEM",),
        subjects=(
            "the gas export licences",
            "the new planning rules",
            "the housing lottery",
            "the broadcasting reform",
            "the closure of a border crossing",
        ),
        stories=(
            (
                "High Court gives the state {n} weeks to explain {subject}",
                "A panel of {n3_small} justices hears four hours of argument; the state’s "
                "lawyer asks for more time and gets it, with a warning",
                "The High Court of Justice on {day} gave the government {n} weeks to explain "
                "{subject}, after a hearing on petitions brought by residents and "
                "advocacy groups.",
            ),
            (
                "Supreme Court hears petitions against {subject}",
                "Petitioners say the government skipped the consultation the law requires; "
                "a ruling is not expected before {month}",
                "The Supreme Court, sitting as the High Court of Justice, heard petitions "
                "against {subject}, a government decision, on {day} morning in Jerusalem.",
            ),
            (
                "Judges freeze {subject} until a full hearing in {month}",
                "An interim order stops the rules taking effect; the state says the delay "
                "will cost {n2} million shekels",
                "A panel of Supreme Court justices on {day} froze {subject} until a full "
                "hearing in {month}, over the government’s objections.",
            ),
        ),
        paragraphs=(
            "Lawyers for the petitioners argued that the government had acted without the "
            "authority the law gives it.",
            "The state’s attorney said the decision was lawful and had been taken after "
            "“careful and lengthy consideration.”",
            "Justice {expert_surname}, presiding, asked the state several times why no "
            "public consultation had been held.",
            "Such cases rarely end on the day. The court usually issues a written ruling "
            "weeks or months later.",
            "Outside the court, a small group of protesters held signs for and against the "
            "petitions.",
            "“The court is doing exactly what courts are for,” said {expert2}, {job2}.",
        ),
        subheadings=("In the courtroom", "The argument"),
        quotes=(("The court is doing exactly what courts are for.", "{expert2}, {job2}"),),
    ),
    Beat(
        key="football",
        general=False,
        section="israel-and-the-region",
        picture="stadium",
        topics=(),
        authors=("avi-dahan",),
        datelines=("JERUSALEM",),
        stories=(
            (
                "{team} beat {team2} {goals} to stay top of the league",
                "A second-half double turns the match in front of {n2},000 fans at Teddy Stadium",
                "{team} beat {team2} {goals} at Teddy Stadium on {day} night to stay top of "
                "the Premier League.",
            ),
            (
                "Late goal gives {team} a draw against {team2}",
                "{team2} led until the 88th minute at Teddy Stadium; the equaliser came "
                "from a corner",
                "A header in the 88th minute earned {team} a 1–1 draw against {team2} at "
                "Teddy Stadium on {day}.",
            ),
            (
                "Derby day: {team} and {team2} meet with the title at stake",
                "Both sides have lost only {n} games this season; all {n2},000 tickets sold "
                "out in an hour",
                "{team} and {team2} meet at Teddy Stadium on {day} in a match that could "
                "decide the title.",
            ),
        ),
        paragraphs=(
            "The home fans, who had been restless, were on their feet by the final whistle.",
            "“We knew it would be hard. We kept going,” the {team} captain told reporters.",
            "{team2} had the better chances early on and hit the post twice.",
            "{team} are {n} points clear at the top with {n3} games to play.",
            "Teddy Stadium, one of the league’s largest grounds, seats about 31,000.",
            "The coach said he would rest several players before next week’s cup match.",
        ),
        subheadings=("The match", "The table"),
        quotes=(("We knew it would be hard. We kept going.", "The {team} captain"),),
    ),
    Beat(
        key="archaeology",
        general=False,
        section="israel-and-the-region",
        picture="excavation",
        topics=(),
        authors=("tamar-weiss",),
        datelines=("BEIT SHEMESH",),
        stories=(
            (
                "Archaeologists at {site} uncover a {age}-year-old wall",
                "The find, made in the last week of the season under a layer of ash, may "
                "change how {site} is dated",
                "Archaeologists excavating at {site}, in the Judean foothills, have uncovered "
                "a wall they believe is about {age} years old.",
            ),
            (
                "Volunteers sifting soil at {site} find a rare seal",
                "A {teen}-year-old on a school trip spotted the seal in the sieve; experts "
                "say it is about {age} years old",
                "A stone seal about {age} years old was found on {day} by a volunteer "
                "sifting soil at {site}, archaeologists said.",
            ),
            (
                "Dig at {site} points to a larger town than thought",
                "Walls and storage jars suggest the town was twice the size earlier digs "
                "found; {n2} squares were opened this season",
                "The town at {site} was about twice as large as earlier excavations "
                "suggested, the archaeologists leading this season’s dig said on {day}.",
            ),
        ),
        paragraphs=(
            "The excavation at {site} has run every summer for {n} years, laid out in squares "
            "so that every find is recorded where it lay.",
            "“We were about to close the trench,” said Dr. {expert}, who directs the dig. "
            "“Then the stones started to line up.”",
            "Pottery found nearby will be dated in the laboratory over the coming months.",
            "Volunteers from {n} countries took part this year, sifting every bucket of soil.",
            "The Israel Antiquities Authority said the site would be open to visitors in {month}.",
        ),
        subheadings=("The find", "Dating it"),
        quotes=(("Then the stones started to line up.", "Dr. {expert}, the dig’s director"),),
    ),
    Beat(
        key="regional-diplomacy",
        weight=2,
        section="world",
        picture="region-map",
        topics=("diplomacy", "iran", "syria"),
        authors=("miriam-katz", "agencies", "omar-haddad"),
        datelines=("{PLACE}",),
        people=FOREIGN_LEADERS,
        places=("Cairo", "Amman", "Riyadh", "Ankara", "Beirut", "Baghdad"),  # on its map
        orgs=("the State Department", "the Foreign Ministry", "the Kremlin"),
        subjects=(
            "ceasefire talks",
            "a water agreement",
            "gas exports",
            "a peace initiative",
            "border security",
            "security coordination",
        ),
        stories=(
            (
                "{person} and {other} meet in {place} as talks on {subject} resume",
                "{Org} says the {day} meeting “cleared the air”, but no agreement is "
                "expected before {month}",
                "{person} met {other} in {place} on {day}, the first such meeting in {n} months, "
                "government officials said.",
            ),
            (
                "Envoys in {place} seek common ground on {subject}",
                "Second round in {n} weeks; {osur} is said to bring a written proposal",
                "Envoys from {n} countries met in {place} on {day} for a second round of "
                "talks on {subject}, government officials said.",
            ),
            (
                "{psur} heads to {place} for talks on {subject}",
                "The visit is {psur}’s first to {place} since {month}; officials expect a "
                "joint statement and little else",
                "{person} will travel to {place} on {day} for talks on {subject}, government "
                "officials said.",
            ),
        ),
        paragraphs=(
            "Officials from both sides said they had discussed {subject}, without giving details.",
            "“We have agreed to keep talking, which is not nothing,” a diplomat who "
            "attended told reporters.",
            "{Org} said in a statement that senior officials would meet again in {month}.",
            "Russia’s envoy, Alexander Lavrentiev, has held parallel talks with several of "
            "the governments involved.",
            "Analysts were cautious. “The gap between the sides has not narrowed,” said "
            "{expert}, {job}.",
            "{osur} left {place} for {place2} on {day2}.",
            "Moscow, which has its own envoy for Syria in Alexander Lavrentiev, was not "
            "represented.",
            "The last round, in {place2}, ended without a joint statement.",
        ),
        subheadings=("The talks", "The sticking points", "What comes next"),
        quotes=(
            ("We have agreed to keep talking, which is not nothing.", "A diplomat at the talks"),
        ),
    ),
    Beat(
        key="aviation",
        section="world",
        picture="airport",
        topics=("economy",),
        authors=("miriam-katz", "agencies"),
        datelines=("TEL AVIV",),
        stories=(
            (
                "Foreign airlines return to Ben Gurion as {n} carriers resume flights",
                "Fares are still {pct} percent higher than before the war, but seats are "
                "easier to find",
                "{n} foreign airlines resumed flights to Ben Gurion Airport on {day}, the "
                "Airports Authority said, after the government extended its insurance "
                "guarantees for carriers.",
            ),
            (
                "Ben Gurion Airport has its busiest {month} on record",
                "{n3}0 flights a day and long queues at security; the Airports Authority "
                "expects more",
                "Ben Gurion Airport, the country’s main international gateway, handled more "
                "passengers in {month} than in any month before, the government-owned "
                "Airports Authority said.",
            ),
            (
                "New routes from Ben Gurion to {n} cities announced for {month}",
                "Low-cost carriers lead the return; two European airlines stay away for now",
                "Airlines announced new routes from Ben Gurion Airport to {n} European "
                "cities on {day}, starting in {month} with government incentives.",
            ),
        ),
        paragraphs=(
            "Airlines that suspended flights during the fighting have been returning one by one.",
            "“Every new route brings fares down a little,” said {expert}, {job}.",
            "The Airports Authority said it would open a second security hall before the summer.",
            "Travel agents reported a rush of bookings for the holidays.",
            "Israeli carriers, which kept flying throughout, face new competition on their "
            "busiest routes.",
        ),
        subheadings=("The routes", "Fares"),
        quotes=(("Every new route brings fares down a little.", "{expert}, {job}"),),
    ),
    Beat(
        key="energy",
        section="world",
        picture="gas-platform",
        topics=("economy", "diplomacy"),
        authors=("noa-peretz", "agencies"),
        datelines=("HAIFA",),
        stories=(
            (
                "Gas exports to Egypt reach a record in {month}",
                "Exports through the pipeline rose {pct} percent; most of the gas is "
                "liquefied in Egypt and sold on",
                "Natural gas exports to Egypt reached a record in {month}, the Energy "
                "Ministry said on {day}, bringing the government more in royalties.",
            ),
            (
                "Europe signs a deal for more eastern Mediterranean gas",
                "The memorandum, signed in Brussels on {day}, sets no volumes, but both "
                "sides call it a start",
                "The European Union signed a memorandum on {day} to buy more natural gas "
                "from fields in the eastern Mediterranean, a deal the government called historic.",
            ),
            (
                "Offshore gas platform halts output for {n} days of maintenance",
                "The operator says supply to the domestic market will not be affected; "
                "exports fall for {n} days",
                "The operator of one of the gas platforms off Israel’s coast said on {day} "
                "that it would halt production for {n} days of maintenance, with the "
                "government’s approval.",
            ),
        ),
        paragraphs=(
            "Gas from fields off Israel’s coast flows to Egypt and Jordan by pipeline, and "
            "some of it is shipped on to Europe as liquefied gas.",
            "“The eastern Mediterranean has become part of Europe’s energy map,” said "
            "{expert}, {job}.",
            "Environmental groups said the industry was locking the region into fossil "
            "fuels for decades.",
            "The platforms stand in deep water, about {n2} kilometres off the coast.",
            "The government receives royalties on every cubic metre sold, money that goes "
            "into a national wealth fund.",
        ),
        subheadings=("The pipeline", "Who buys it"),
        quotes=(
            (
                "The eastern Mediterranean has become part of Europe’s energy map.",
                "{expert}, {job}",
            ),
        ),
    ),
    Beat(
        key="solar",
        section="world",
        picture="solar",
        topics=("technology", "economy"),
        authors=("ariel-cohen", "miriam-katz"),
        datelines=("EILAT",),
        stories=(
            (
                "Solar field in the Arava to power {n2},000 homes",
                "The field covers {n3}0 hectares of desert and will start supplying the "
                "grid in {month}",
                "A solar field in the Arava desert that will supply power to about "
                "{n2},000 homes was connected to the grid on {day}, part of a government plan "
                "to draw a third of the country’s power from the sun by 2030.",
            ),
            (
                "Jordan and Israel revive plan to trade solar power for water",
                "Under the plan, Jordan would sell solar electricity from fields like those "
                "in the Arava and buy desalinated water; talks resume in {month}",
                "Government officials from Jordan and Israel agreed on {day} to resume talks "
                "on a plan to trade solar electricity for desalinated water.",
            ),
            (
                "Heat wave sets a record for electricity demand; solar keeps up",
                "Demand peaked on {day} afternoon at {pct} percent above last year’s record; "
                "operators say the grid held without cuts",
                "Electricity demand set a record on {day} afternoon as temperatures passed "
                "40 degrees, and solar fields supplied a larger share of it than ever, the "
                "government’s grid operator said.",
            ),
        ),
        paragraphs=(
            "The Arava, the desert valley that runs from the Dead Sea to Eilat, has some "
            "of the most sunshine in the world.",
            "“The sun is the one resource this region has too much of,” said {expert}, {job}.",
            "Solar power met about {pct} percent of the country’s electricity demand last "
            "year, the Energy Ministry said.",
            "Storage remains the weak point: most of the power is produced in the middle of "
            "the day.",
        ),
        subheadings=("The desert", "Storage"),
        quotes=(("The sun is the one resource this region has too much of.", "{expert}, {job}"),),
    ),
    Beat(
        key="rates",
        section="business",
        picture="rates-chart",
        topics=("economy",),
        authors=("noa-peretz",),
        datelines=("JERUSALEM",),
        stories=(
            (
                "Bank of Israel holds its interest rate at {rate} percent",
                "The governor says inflation is easing, but the shekel and the deficit "
                "still worry the bank; the next decision is in {month}",
                "The Bank of Israel kept its interest rate at {rate} percent on {day}, as "
                "most economists had expected, and warned the government about its deficit.",
            ),
            (
                "Bank of Israel cuts its interest rate for the first time in {n2} months",
                "The quarter-point cut, to {rate} percent, was expected; the bank hints at "
                "more if prices keep falling",
                "The Bank of Israel cut its interest rate by a quarter of a point to {rate} "
                "percent on {day}, its first cut in {n2} months, a move the government had "
                "pressed for.",
            ),
            (
                "Inflation slows to {pct} percent, opening the way for a rate cut",
                "Food and housing drove prices in {month}; economists now expect a cut by "
                "the summer",
                "Consumer prices rose {pct} percent in the year to {month}, the Central "
                "Bureau of Statistics said on {day}, the slowest rise in {n} months and a "
                "relief for the government.",
            ),
        ),
        paragraphs=(
            "The bank raised its rate quickly in 2022 and 2023 as prices rose after the "
            "pandemic, from near zero to above 4 percent.",
            "“We see inflation coming back into the target range,” the governor told "
            "reporters in Jerusalem.",
            "The bank’s target range for inflation is 1 to 3 percent a year.",
            "Mortgage holders, most of whose loans track the prime rate, have felt every increase.",
            "“The bank is in no hurry, and it is right not to be,” said {expert}, {job}.",
            "The shekel was little changed against the dollar after the announcement.",
        ),
        subheadings=("The decision", "Borrowers", "The shekel"),
        quotes=(("The bank is in no hurry, and it is right not to be.", "{expert}, {job}"),),
    ),
    Beat(
        key="housing",
        section="business",
        picture="housing-chart",
        topics=("economy",),
        authors=("noa-peretz", "staff"),
        datelines=("TEL AVIV",),
        stories=(
            (
                "Home prices rise for the {nth} year in a row",
                "The average home now costs about 2.4 million shekels; {pct} percent more "
                "than a year ago",
                "Home prices rose again in the year to {month}, the Central Bureau of "
                "Statistics said on {day}, bringing the average to about 2.4 million "
                "shekels despite a string of government plans to cool the market.",
            ),
            (
                "Government offers {n2},000 apartments at a discount in new lottery",
                "The discounted-housing lottery opens on {day}; critics say it treats the "
                "symptom, not the cause of rising prices",
                "The Housing Ministry will offer {n2},000 apartments at below-market prices "
                "in a government lottery that opens on {day}.",
            ),
            (
                "Rents in {city} up {pct} percent in a year",
                "Tenants’ groups say rents outpace wages; landlords blame rising home prices "
                "and interest rates",
                "Rents in {city} rose {pct} percent in the year to {month}, faster than "
                "wages, according to government figures published on {day}.",
            ),
        ),
        paragraphs=(
            "Prices have risen every year since 2019, when the average home cost about 1.5 "
            "million shekels.",
            "“We saved for eight years, and every year the apartment moved further away,” "
            "said {expert}, a nurse who rents in {city}.",
            "Lotteries for discounted apartments draw many times more applicants than there "
            "are homes.",
            "Builders blame slow planning approvals and a shortage of workers.",
            "“Supply is the only real answer, and supply takes years,” said {expert2}, {job2}.",
            "Higher interest rates have slowed sales but not, so far, prices.",
        ),
        subheadings=("The numbers", "Renters", "Building"),
        quotes=(("Supply is the only real answer, and supply takes years.", "{expert2}, {job2}"),),
    ),
    Beat(
        key="tech",
        section="business",
        picture="skyline",
        topics=("technology",),
        authors=("ariel-cohen",),
        datelines=("TEL AVIV",),
        stories=(
            (
                "Tel Aviv startup {company} raises ${n2} million",
                "The round was led by a European fund; the company makes software that {does}",
                "{company}, a Tel Aviv startup whose software {does}, said on {day} it had "
                "raised ${n2} million, helped by a government fund that matches private "
                "investment.",
            ),
            (
                "{company} to hire {n3}0 engineers in Beersheba",
                "The Tel Aviv company, whose software {does}, chose Beersheba for its "
                "university and its lower rents",
                "{company}, a Tel Aviv software company, said on {day} it would open an "
                "office in Beersheba and hire {n3}0 engineers there, with a government grant "
                "for companies that move to the Negev.",
            ),
            (
                "Tech investment rebounds: ${n2}00 million in {month}",
                "Investors put more money into Israeli startups than in any month for two "
                "years; {company} led the list",
                "Israeli technology companies raised about ${n2}00 million in {month}, the "
                "most in two years, according to figures published on {day} by the "
                "government’s Innovation Authority; most of it went to companies in Tel Aviv.",
            ),
        ),
        paragraphs=(
            "{company} was founded {n} years ago by three army friends and employs about "
            "{staff} people, most of them in Tel Aviv.",
            "“We are building for the world, not just for Israel,” its chief executive said.",
            "Technology accounts for about half of Israel’s exports and a large share of "
            "its income tax.",
            "“The money is coming back, but investors are pickier,” said {expert}, {job}.",
            "Engineers remain hard to find, and expensive, founders say.",
        ),
        subheadings=("The company", "The market"),
        quotes=(("The money is coming back, but investors are pickier.", "{expert}, {job}"),),
    ),
    Beat(
        key="trade",
        section="business",
        picture="port",
        topics=("economy",),
        authors=("noa-peretz", "agencies"),
        datelines=("HAIFA",),
        stories=(
            (
                "Haifa port handles record cargo as shipping routes shift",
                "More ships call at Haifa as lines avoid the Red Sea; containers up {pct} "
                "percent in {month}",
                "The port of Haifa, the country’s largest, handled more containers in "
                "{month} than in any month before, its owners said on {day}, three years "
                "after the government sold the port.",
            ),
            (
                "Haifa port workers and owners agree a wage deal for {n} years",
                "The deal ends {n3} weeks of go-slows at the port; importers welcome it",
                "Workers at the port of Haifa and its owners signed a wage deal for {n} "
                "years on {day}, ending weeks of go-slows that the government had "
                "threatened to stop by law.",
            ),
            (
                "Exports through Haifa fall {pct} percent as the shekel strengthens",
                "Exporters say a strong shekel makes their goods dearer abroad; the port "
                "says imports make up the difference",
                "Exports shipped through the port of Haifa fell {pct} percent in {month}, "
                "figures published on {day} showed, and exporters asked the government for "
                "help.",
            ),
        ),
        paragraphs=(
            "Ships that once came through the Red Sea to Eilat now unload in Haifa and Ashdod.",
            "“The quays are full from dawn to night,” said {expert}, a crane operator.",
            "The port was sold to private owners in 2023, who promised new cranes and "
            "faster handling.",
            "Importers said waiting times had fallen from days to hours.",
            "“Trade follows the cheapest safe route,” said {expert2}, {job2}.",
        ),
        subheadings=("On the quays", "The owners"),
        quotes=(
            ("The quays are full from dawn to night.", "{expert}, a crane operator at Haifa port"),
        ),
    ),
    Beat(
        key="column",
        weight=2,
        general=False,
        section="opinion",
        picture=None,
        topics=("diplomacy", "economy"),
        authors=("daniel-sasson", "miriam-katz"),
        datelines=("",),
        subjects=(
            "the state budget",
            "judicial reform",
            "housing prices",
            "the high-tech sector",
            "a water agreement",
            "the election campaign",
            "ceasefire talks",
            "gas exports",
        ),
        stories=(
            (
                "Why the argument over {subject} matters more than the headlines say",
                "We argue about {subject} as if it were simple. It is not, and pretending costs us",
                "I have written about {subject} for {n} years, and I have rarely seen the "
                "debate as heated, or as empty, as it is under this government.",
            ),
            (
                "{subject_cap}: the case for patience",
                "Every government promises quick results on {subject}. None has delivered "
                "them, and this one will not either",
                "Every few years a government discovers {subject}, announces a plan and "
                "promises results by the next election.",
            ),
            (
                "What {place} taught me about {subject}",
                "A week in {place} this {month} changed my mind about {subject}",
                "I spent a week in {place} this {month}, and what struck me was how little "
                "the people I met talked about {subject}, or about the government.",
            ),
        ),
        paragraphs=(
            "Start with what we know. The facts are not in dispute; what they mean is.",
            "The government’s plan is not wrong, exactly. It is incomplete.",
            "There is a better way, and it is not new: ask the people who will live with "
            "the result.",
            "None of this is an argument for doing nothing. It is an argument for doing "
            "the slow, dull work first.",
            "We will be arguing about {subject} long after this government has gone. We "
            "might as well argue well.",
            "Readers who disagree with me, and many will, can write to the letters page. "
            "I read every one.",
        ),
        subheadings=("What we know", "A better way"),
        quotes=(
            ("It is an argument for doing the slow, dull work first.", "{author}"),
            ("We might as well argue well.", "{author}"),
        ),
    ),
    Beat(
        key="letters",
        general=False,
        section="opinion",
        picture=None,
        topics=(),
        authors=("staff",),
        datelines=("",),
        subjects=("the state budget", "judicial reform", "housing prices", "ceasefire talks"),
        stories=(
            (
                "Letters: readers on {subject}",
                "{n} letters on last week’s coverage of {subject}, from {city} to {community}",
                "Last week’s coverage of {subject} brought more letters than any story "
                "this {month}. A selection follows.",
            ),
        ),
        paragraphs=(
            "“Your reporter was right to ask who pays. Nobody else did.” — {expert}, {city}",
            "“I have lived here for {n3} years and never seen the country so divided on "
            "{subject}.” — {expert2}, {community}",
            "“Please keep covering this after the headlines move on.” — a reader in {city}",
            "“The column on {subject} was fair, and I disagreed with every word.” — a "
            "reader in {community}",
        ),
        subheadings=(),
        quotes=(),
    ),
    Beat(
        key="community",
        general=False,
        section="jewish-times",
        picture="synagogue",
        topics=(),
        authors=("ruth-adler", "agencies"),
        datelines=("{COMMUNITY}",),
        stories=(
            (
                "{community} synagogue reopens after {n} years of restoration",
                "Donors from {n3_small} countries paid for the work; the first service on "
                "{day} drew a full house",
                "The great synagogue of {community}, built in the 19th century and closed "
                "for repairs {n} years ago, opened its doors on {day}.",
            ),
            (
                "Jewish community in {community} marks {n2}0 years with an exhibition",
                "Photographs and letters in the synagogue’s gallery tell the story of the "
                "community’s arrival in {community} and its survival",
                "The Jewish community of {community} marked {n2}0 years since its founding "
                "on {day} with an exhibition in its synagogue.",
            ),
            (
                "{community} synagogue raises money to repair its roof",
                "The building is listed, the repairs are urgent and the congregation is "
                "small; {pct} percent of the money is in",
                "The synagogue of {community} has launched an appeal to repair its roof, "
                "which let in water during the storms of {month}.",
            ),
        ),
        paragraphs=(
            "“My grandfather prayed here. I never thought I would,” said {expert}, who flew "
            "in for the day.",
            "The community, once many thousands strong, now numbers a few hundred families.",
            "Restorers found the original painted ceiling under layers of plaster.",
            "The city’s mayor came, as did representatives of the local churches and mosques.",
            "Volunteers run the synagogue’s tours, which drew {n2}0 visitors last year.",
        ),
        subheadings=("The building", "The community"),
        quotes=(("My grandfather prayed here. I never thought I would.", "{expert}"),),
    ),
    Beat(
        key="heritage",
        general=False,
        section="jewish-times",
        picture="excavation",
        topics=(),
        authors=("tamar-weiss", "ruth-adler"),
        datelines=("JERUSALEM",),
        stories=(
            (
                "Ancient ritual bath found under a {city} building site",
                "Builders stopped work when the steps appeared; archaeologists say the bath "
                "is about {age} years old",
                "Builders in {city} stopped work on {day} when their digger exposed rock-cut "
                "steps, which archaeologists later identified as an ancient ritual bath.",
            ),
            (
                "Hebrew inscription from {site} read in full for the first time",
                "A new imaging method brings out letters invisible to the eye; the text is "
                "about {age} years old",
                "A Hebrew inscription found at {site} decades ago has been read in full for "
                "the first time, archaeologists and epigraphers said on {day}.",
            ),
        ),
        paragraphs=(
            "The Israel Antiquities Authority, which must be told of every find, said the "
            "work would continue.",
            "“Finds like this remind us how many layers lie under an ordinary street,” "
            "said Dr. {expert}.",
            "Scholars will publish a full study next {month}.",
            "Such finds are protected by law, and developers must pay for the excavation.",
        ),
        subheadings=("The find", "What it tells us"),
        quotes=(
            (
                "Finds like this remind us how many layers lie under an ordinary street.",
                "Dr. {expert}",
            ),
        ),
    ),
]
