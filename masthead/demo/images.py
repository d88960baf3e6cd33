"""The demo's pictures: drawn illustrations that show what their captions say.

The real photos are not ours to ship, so each demo picture is a labelled illustration of one
subject (a building, a map, a chart, a stadium…). A subject carries the words its alt text
and caption must name, and the drawn file records its subject in a JPEG comment, so a
picture, its label and its records can be checked against one another.
"""

import io
import math
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

FONT_PATHS = {
    "bold": [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
    ],
    "regular": [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    ],
}
SIZE = (1600, 900)
CREDIT = "Illustration/Masthead demo"
COMMENT_PREFIX = "Masthead demo illustration: "

SKY = (132, 178, 214)
SEA = (52, 112, 160)
LAND = (226, 214, 178)
STONE = (222, 206, 170)
INK = (34, 38, 46)
GRASS = (96, 148, 84)
ISRAEL_BLUE = (0, 56, 184)


@dataclass(frozen=True)
class Subject:
    """One picture: what it shows (`label`, drawn on it), the words its alt text and caption
    must name, the records a newsroom files with it, and what a story it goes with is about
    (any of `about`, lower case)."""

    key: str
    label: str
    names: tuple
    title: str
    alt: str
    caption: str
    about: tuple


def _font(size, weight="bold"):
    for path in FONT_PATHS[weight]:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default()


def _sky(draw, top, bottom, height=SIZE[1]):
    for y in range(height):
        t = y / SIZE[1]
        draw.line(
            [(0, y), (SIZE[0], y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )


def _text(draw, xy, text, size=30, fill=INK, weight="bold", anchor="mm"):
    draw.text(xy, text, fill=fill, font=_font(size, weight), anchor=anchor)


def _label(draw, text):
    """The picture's subject, set in a band across its foot, as a reader sees it."""
    font = _font(40)
    box = draw.textbbox((0, 0), text, font=font)
    pad = 22
    height = box[3] - box[1] + 2 * pad
    draw.rectangle([0, SIZE[1] - height, SIZE[0], SIZE[1]], fill=(16, 20, 28))
    draw.text((pad, SIZE[1] - height + pad - box[1]), text, fill="white", font=font)
    small = _font(24, "regular")
    draw.text(
        (SIZE[0] - pad, SIZE[1] - height / 2),
        "Illustration",
        fill=(200, 200, 200),
        font=small,
        anchor="rm",
    )


def _israeli_flag(draw, x, y, w=120):
    h = w * 8 // 11
    draw.rectangle([x, y, x + w, y + h], fill="white", outline=(180, 180, 180))
    stripe = h // 7
    draw.rectangle([x, y + stripe, x + w, y + 2 * stripe], fill=ISRAEL_BLUE)
    draw.rectangle([x, y + h - 2 * stripe, x + w, y + h - stripe], fill=ISRAEL_BLUE)
    cx, cy, r = x + w / 2, y + h / 2, h / 5
    for turn in (0, math.pi):
        points = [
            (
                cx + r * math.sin(turn + k * 2 * math.pi / 3),
                cy - r * math.cos(turn + k * 2 * math.pi / 3),
            )
            for k in range(3)
        ]
        draw.polygon(points, outline=ISRAEL_BLUE, width=4)


def _russian_flag(draw, x, y, w=120):
    h = w * 2 // 3
    for band, colour in enumerate(("white", (0, 57, 166), (213, 43, 30))):
        draw.rectangle([x, y + band * h // 3, x + w, y + (band + 1) * h // 3], fill=colour)
    draw.rectangle([x, y, x + w, y + h], outline=(180, 180, 180))


def _pole_flag(draw, x, ground, flag):
    draw.line([(x, ground), (x, ground - 300)], fill=(90, 90, 90), width=6)
    flag(draw, x + 3, ground - 300)


# --- the scenes ------------------------------------------------------------------------


def _meeting(draw, rng):
    draw.rectangle([0, 0, SIZE[0], SIZE[1]], fill=(214, 204, 186))  # the room's wall
    draw.rectangle([0, 520, SIZE[0], SIZE[1]], fill=(120, 92, 70))  # the floor
    _pole_flag(draw, 180, 560, _israeli_flag)
    _pole_flag(draw, 1290, 560, _russian_flag)
    draw.rounded_rectangle([220, 470, 1380, 600], radius=20, fill=(92, 60, 40))  # the table
    draw.rectangle([250, 600, 290, 760], fill=(70, 46, 30))
    draw.rectangle([1310, 600, 1350, 760], fill=(70, 46, 30))
    for x, name in ((420, "Vershinin"), (800, "Lavrentiev"), (1180, "Netanyahu")):
        draw.rectangle([x - 110, 250, x + 110, 470], fill=(60, 60, 70))  # empty chairs
        draw.polygon(
            [(x - 130, 480), (x + 130, 480), (x + 115, 410), (x - 115, 410)],
            fill="white",
            outline=INK,
        )
        _text(draw, (x, 447), name, 34)
        draw.rectangle([x - 40, 490, x + 40, 500], fill=(230, 230, 220))  # a notepad


def _flags(draw, rng):
    _sky(draw, (120, 170, 220), (214, 228, 240), 700)
    draw.rectangle([0, 700, SIZE[0], SIZE[1]], fill=(190, 184, 170))  # a paved square
    for x, flag in ((420, _israeli_flag), (980, _russian_flag)):
        draw.line([(x, 720), (x, 120)], fill=(90, 90, 90), width=10)
        draw.ellipse([x - 12, 104, x + 12, 128], fill=(200, 170, 60))
        flag(draw, x + 5, 140, w=360)


def _schematic_map(draw, rng, places, *, sea_left=None, title=""):
    draw.rectangle([0, 0, SIZE[0], SIZE[1]], fill=LAND)
    if sea_left:
        draw.polygon(sea_left, fill=SEA)
    for x in range(0, SIZE[0], 100):
        draw.line([(x, 0), (x, SIZE[1])], fill=(205, 192, 156), width=1)
    for y in range(0, SIZE[1], 100):
        draw.line([(0, y), (SIZE[0], y)], fill=(205, 192, 156), width=1)
    for name, x, y, kind in places:
        if kind in ("dot", "dot-left"):
            draw.ellipse(
                [x - 12, y - 12, x + 12, y + 12], fill=(190, 30, 40), outline="white", width=3
            )
            if kind == "dot":
                _text(draw, (x + 22, y), name, 30, anchor="lm")
            else:
                _text(draw, (x - 22, y), name, 30, anchor="rm")
        elif kind == "region":
            _text(draw, (x, y), name, 44, fill=(110, 96, 70))
        else:
            _text(draw, (x, y), name, 30, fill="white")
    if title:
        _text(draw, (SIZE[0] - 40, 40), title, 30, anchor="rt")
    # North arrow: maps say which way is up.
    draw.polygon([(1500, 140), (1480, 200), (1520, 200)], fill=INK)
    _text(draw, (1500, 118), "N", 30)


def _golan_map(draw, rng):
    lake = [(520, 620), (600, 560), (640, 640), (600, 760), (530, 740)]
    _schematic_map(
        draw,
        rng,
        [
            ("ISRAEL", 300, 420, "region"),
            ("SYRIA", 1300, 560, "region"),
            ("Golan Heights", 820, 420, "region"),
            ("al-Hamidia", 1010, 300, "dot"),
            ("Quneitra", 1060, 380, "dot"),
        ],
    )
    draw.polygon(lake, fill=SEA)
    _text(draw, (585, 800), "Sea of Galilee", 26)
    for y in range(60, 800, 40):  # the 1974 ceasefire line, dashed
        draw.line([(985 - y // 20, y), (985 - (y + 20) // 20, y + 20)], fill=(190, 30, 40), width=6)
    _text(draw, (930, 700), "1974 ceasefire line", 26, fill=(190, 30, 40), anchor="rm")


# Longitude and latitude of the region's capitals, drawn to scale.
CAPITALS = [
    ("Jerusalem", 35.2, 31.8, "dot-left"),
    ("Amman", 35.9, 31.9, "dot"),
    ("Damascus", 36.3, 33.5, "dot"),
    ("Beirut", 35.5, 33.9, "dot-left"),
    ("Cairo", 31.2, 30.0, "dot"),
    ("Riyadh", 46.7, 24.7, "dot"),
    ("Tehran", 51.4, 35.7, "dot"),
    ("Ankara", 32.9, 39.9, "dot"),
    ("Baghdad", 44.4, 33.3, "dot"),
]


def _region_map(draw, rng):
    def at(lon, lat):
        return (80 + (lon - 28) * 58, 40 + (41 - lat) * 44)

    sea = [at(28, 42), at(28, 31.3), at(34.2, 31.3), at(35.9, 36.2), at(36, 36.8), at(28, 36.8)]
    _schematic_map(
        draw,
        rng,
        [(name, *at(lon, lat), kind) for name, lon, lat, kind in CAPITALS]
        + [("Mediterranean", *at(30.5, 33.8), "sea")],
        sea_left=sea,
        title="The region’s capitals",
    )


def _border_map(draw, rng):
    sea = [(0, 0), (420, 0), (330, 900), (0, 900)]
    _schematic_map(
        draw,
        rng,
        [
            ("LEBANON", 760, 220, "region"),
            ("ISRAEL", 760, 640, "region"),
            ("Metula", 1000, 430, "dot"),
            ("Kiryat Shmona", 1010, 520, "dot"),
            ("Nahariya", 440, 500, "dot"),
            ("Mediterranean", 190, 400, "sea"),
        ],
        sea_left=sea,
    )
    points = [(385, 430), (600, 440), (820, 410), (980, 380), (1060, 300), (1160, 360)]
    draw.line(points, fill=(190, 30, 40), width=8)
    _text(draw, (620, 400), "Blue Line", 28, fill=(190, 30, 40))


def _knesset(draw, rng):
    _sky(draw, (120, 170, 220), (214, 228, 240), 620)
    draw.rectangle([0, 620, SIZE[0], SIZE[1]], fill=GRASS)
    draw.rectangle([300, 330, 1300, 620], fill=STONE)  # the long, low house
    draw.rectangle([280, 300, 1320, 340], fill=(200, 184, 150))  # its flat roof
    for x in range(320, 1300, 70):  # the square pillars all around
        draw.rectangle([x, 340, x + 26, 620], fill=(240, 230, 205))
    draw.rectangle([250, 620, 1350, 650], fill=(190, 180, 160))  # the steps
    _pole_flag(draw, 800, 300, _israeli_flag)
    _text(draw, (800, 700), "THE KNESSET", 44, fill="white")


def _courthouse(draw, rng):
    _sky(draw, (150, 190, 226), (226, 234, 240), 640)
    draw.rectangle([0, 640, SIZE[0], SIZE[1]], fill=(200, 190, 170))
    draw.rectangle([340, 320, 1260, 640], fill=STONE)
    draw.polygon([(320, 320), (800, 170), (1280, 320)], fill=(206, 190, 156))  # pediment
    for x in range(380, 1240, 110):
        draw.rectangle([x, 340, x + 40, 640], fill=(244, 236, 214))
    _text(draw, (800, 280), "SUPREME COURT", 40)
    draw.rectangle([300, 640, 1300, 680], fill=(226, 218, 198))  # the steps


def _chart(draw, rng, title, unit, values, years, bars=False):
    draw.rectangle([0, 0, SIZE[0], SIZE[1]], fill=(250, 248, 242))
    _text(draw, (120, 70), title, 48, anchor="lm")
    left, right, top, bottom = 200, 1480, 170, 700
    high = max(values) * 1.15
    for step in range(5):
        y = bottom - (bottom - top) * step / 4
        draw.line([(left, y), (right, y)], fill=(214, 210, 200), width=2)
        _text(draw, (left - 20, y), f"{high * step / 4:.1f}", 26, weight="regular", anchor="rm")
    _text(draw, (left - 20, top - 40), unit, 26, weight="regular", anchor="rm")
    span = (right - left) / len(values)
    points = []
    for index, (value, year) in enumerate(zip(values, years, strict=True)):
        x = left + span * (index + 0.5)
        y = bottom - (bottom - top) * value / high
        if bars:
            draw.rectangle([x - span * 0.32, y, x + span * 0.32, bottom], fill=(30, 96, 160))
        points.append((x, y))
        _text(draw, (x, bottom + 30), str(year), 26, weight="regular")
    if not bars:
        draw.line(points, fill=(200, 60, 40), width=8, joint="curve")
        for x, y in points:
            draw.ellipse([x - 9, y - 9, x + 9, y + 9], fill=(200, 60, 40))
    draw.line([(left, bottom), (right, bottom)], fill=INK, width=3)


def _rates_chart(draw, rng):
    _chart(
        draw,
        rng,
        "Bank of Israel interest rate",
        "%",
        [0.25, 0.1, 0.1, 3.25, 4.75, 4.5, 4.25, 4.0],
        range(2019, 2027),
    )


def _housing_chart(draw, rng):
    _chart(
        draw,
        rng,
        "Average home price",
        "₪ million",
        [1.5, 1.6, 1.7, 1.9, 2.1, 2.2, 2.3, 2.4],
        range(2019, 2027),
        bars=True,
    )


def _stadium(draw, rng):
    draw.rectangle([0, 0, SIZE[0], SIZE[1]], fill=(40, 44, 56))
    _sky(draw, (20, 30, 70), (70, 90, 140), 500)
    draw.ellipse([120, 260, 1480, 860], fill=(150, 150, 160))  # the stands
    for row in range(6):
        inset = 30 + row * 26
        draw.ellipse(
            [120 + inset, 260 + inset * 0.45, 1480 - inset, 860 - inset * 0.45],
            outline=(120, 120, 130),
            width=3,
        )
    draw.ellipse([330, 400, 1270, 740], fill=(60, 150, 70))  # the pitch
    draw.line([(800, 400), (800, 740)], fill="white", width=4)
    draw.ellipse([720, 530, 880, 610], outline="white", width=4)
    for x in (200, 1400):  # floodlights
        draw.line([(x, 560), (x, 160)], fill=(200, 200, 200), width=8)
        draw.rectangle([x - 50, 120, x + 50, 170], fill=(255, 250, 200))
        for rays in range(3):
            draw.line([(x, 170), (x - 120 + rays * 120, 400)], fill=(90, 100, 140), width=2)


def _port(draw, rng):
    _sky(draw, (150, 196, 230), (230, 236, 240), 520)
    draw.rectangle([0, 520, SIZE[0], SIZE[1]], fill=SEA)
    draw.rectangle([0, 480, 900, 560], fill=(120, 120, 120))  # the quay
    colours = [(200, 60, 40), (40, 110, 170), (230, 170, 40), (70, 140, 80)]
    for stack in range(9):
        for level in range(rng.randint(1, 3)):
            x, y = 40 + stack * 90, 480 - (level + 1) * 40
            draw.rectangle([x, y, x + 84, y + 38], fill=rng.choice(colours), outline=(40, 40, 40))
    for x in (300, 620):  # gantry cranes
        draw.line([(x, 480), (x, 180), (x + 260, 180)], fill=(230, 120, 30), width=14)
        draw.line([(x + 80, 480), (x + 80, 180)], fill=(230, 120, 30), width=14)
        draw.line([(x + 200, 180), (x + 200, 330)], fill=(60, 60, 60), width=4)
    draw.polygon([(980, 600), (1520, 600), (1470, 690), (1030, 690)], fill=(40, 50, 70))  # a ship
    draw.rectangle([1360, 520, 1460, 600], fill=(235, 235, 235))
    _text(draw, (1250, 650), "HAIFA", 34, fill="white")


def _skyline(draw, rng):
    _sky(draw, (250, 170, 110), (120, 150, 200), 640)
    draw.rectangle([0, 640, SIZE[0], SIZE[1]], fill=SEA)
    draw.rectangle([0, 610, SIZE[0], 650], fill=(232, 212, 160))  # the beach
    x = 40
    while x < SIZE[0] - 40:
        w, h = rng.randint(60, 130), rng.randint(120, 430)
        draw.rectangle([x, 610 - h, x + w, 610], fill=(60 + h // 10, 70 + h // 10, 90 + h // 10))
        for wy in range(610 - h + 20, 600, 36):
            for wx in range(x + 12, x + w - 12, 24):
                draw.rectangle([wx, wy, wx + 10, wy + 16], fill=(250, 220, 150))
        x += w + rng.randint(8, 30)


def _gas_platform(draw, rng):
    _sky(draw, (150, 190, 230), (220, 232, 240), 560)
    draw.rectangle([0, 560, SIZE[0], SIZE[1]], fill=SEA)
    for x in (600, 760, 920):  # legs
        draw.rectangle([x, 420, x + 30, 780], fill=(110, 110, 110))
    draw.rectangle([540, 360, 1020, 430], fill=(200, 200, 200))  # deck
    draw.rectangle([580, 260, 760, 360], fill=(230, 120, 40))  # modules
    draw.rectangle([800, 300, 960, 360], fill=(240, 240, 240))
    draw.line([(1000, 360), (1140, 170)], fill=(120, 120, 120), width=10)  # flare boom
    draw.polygon([(1140, 170), (1120, 120), (1150, 80), (1170, 130)], fill=(250, 150, 40))


def _solar(draw, rng):
    _sky(draw, (90, 160, 230), (240, 220, 180), 480)
    draw.rectangle([0, 480, SIZE[0], SIZE[1]], fill=(214, 184, 130))  # desert
    draw.ellipse([1260, 80, 1400, 220], fill=(255, 230, 120))
    for row in range(5):
        y = 520 + row * 70
        for col in range(9):
            x = 60 + col * 170 + row * 10
            draw.polygon(
                [(x, y + 50), (x + 150, y + 50), (x + 130, y), (x + 20, y)],
                fill=(30, 60, 120),
                outline=(200, 210, 230),
            )


def _airport(draw, rng):
    _sky(draw, (110, 170, 230), (220, 234, 244), 600)
    draw.rectangle([0, 600, SIZE[0], SIZE[1]], fill=(150, 150, 146))
    for x in range(0, SIZE[0], 140):  # runway markings
        draw.rectangle([x, 740, x + 80, 752], fill="white")
    draw.rectangle([1280, 300, 1340, 600], fill=(220, 220, 220))  # control tower
    draw.rectangle([1240, 250, 1380, 310], fill=(60, 90, 110))
    # An airliner taking off.
    draw.polygon(
        [(300, 520), (900, 380), (930, 400), (340, 560)], fill="white", outline=(120, 120, 120)
    )
    draw.polygon(
        [(560, 470), (700, 560), (740, 550), (640, 450)],
        fill=(220, 220, 230),
        outline=(120, 120, 120),
    )
    draw.polygon([(330, 540), (300, 440), (340, 440), (380, 520)], fill=ISRAEL_BLUE)


def _excavation(draw, rng):
    _sky(draw, (140, 190, 230), (240, 230, 210), 380)
    draw.rectangle([0, 380, SIZE[0], SIZE[1]], fill=(190, 150, 100))
    draw.rectangle([300, 460, 1300, 820], fill=(150, 110, 70))  # the trench
    for x in range(300, 1301, 200):  # the survey grid
        draw.line([(x, 460), (x, 820)], fill="white", width=3)
    for y in range(460, 821, 120):
        draw.line([(300, y), (1300, y)], fill="white", width=3)
    for _ in range(7):  # sherds and a wall's stones
        x, y = rng.randint(340, 1240), rng.randint(500, 780)
        draw.ellipse([x, y, x + 50, y + 26], fill=(170, 80, 50))
    for x in range(700, 900, 50):
        draw.rectangle([x, 620, x + 46, 660], fill=(210, 200, 180), outline=(120, 100, 80))
    draw.line([(1380, 460), (1380, 300)], fill=(90, 60, 30), width=8)  # a sieve's stand
    draw.ellipse([1320, 430, 1440, 480], outline=(90, 60, 30), width=6)


def _synagogue(draw, rng):
    _sky(draw, (150, 190, 226), (236, 236, 236), 660)
    draw.rectangle([0, 660, SIZE[0], SIZE[1]], fill=(170, 170, 160))
    draw.rectangle([460, 300, 1140, 660], fill=(220, 190, 160))
    draw.pieslice([640, 140, 960, 460], 180, 360, fill=(110, 140, 120))  # the dome
    for x in (520, 680, 840, 1000):  # arched windows
        draw.rectangle([x, 400, x + 80, 540], fill=(80, 110, 160))
        draw.pieslice([x, 360, x + 80, 440], 180, 360, fill=(80, 110, 160))
    draw.rectangle([760, 560, 840, 660], fill=(100, 70, 50))  # the door
    cx, cy, r = 800, 100, 46  # a Star of David over the dome
    for turn in (0, math.pi):
        draw.polygon(
            [
                (
                    cx + r * math.sin(turn + k * 2 * math.pi / 3),
                    cy - r * math.cos(turn + k * 2 * math.pi / 3),
                )
                for k in range(3)
            ],
            outline=(200, 160, 40),
            width=6,
        )


def _subject(key, label, names, title, alt, caption, about=()):
    return Subject(key, label, tuple(names), title, alt, caption, tuple(about))


# Each subject: the scene, its label, the words alt text and caption must name, and its records.
SUBJECTS = {
    subject.key: subject
    for subject in [
        _subject(
            "meeting",
            "Prime Minister’s Office, Jerusalem: the meeting table",
            ["Prime Minister’s Office", "Lavrentiev", "Vershinin", "Netanyahu"],
            "Netanyahu meets Russian envoys",
            "",  # the seed article's own caption (seed.LEAD_CAPTION) describes it
            "",
            ("lavrentiev",),
        ),
        _subject(
            "golan-map",
            "Golan Heights: al-Hamidia and the ceasefire line",
            ["map", "Golan Heights", "al-Hamidia"],
            "Russian military police patrol in the Golan Heights",
            "",
            "",
            ("golan",),
        ),
        _subject(
            "flags",
            "Israeli and Russian flags",
            ["Israeli", "Russian", "flags"],
            "Israeli and Russian flags",
            "Illustration: the Israeli and Russian flags flying side by side on two flagpoles.",
            "The Israeli and Russian flags side by side, as at talks between the two countries’ "
            "officials.",
            ("russia",),
        ),
        _subject(
            "region-map",
            "Map: the region’s capitals",
            ["map", "Jerusalem", "Damascus"],
            "Map of the region’s capitals",
            "Illustration: a map of the region marking Jerusalem, Amman, Damascus, Beirut, "
            "Cairo, Riyadh, Baghdad, Tehran and Ankara.",
            "A map of the region’s capitals, from Cairo to Tehran: Jerusalem, Damascus and "
            "Amman lie within 200 kilometres of one another.",
            [name.lower() for name, *_ in CAPITALS],
        ),
        _subject(
            "border-map",
            "Map: Israel’s border with Lebanon",
            ["map", "Lebanon"],
            "Map of the border with Lebanon",
            "Illustration: a map of Israel’s northern border with Lebanon, the Blue Line in "
            "red, with Metula, Kiryat Shmona and Nahariya marked.",
            "A map of Israel’s northern border with Lebanon: the Blue Line runs past Metula and "
            "Kiryat Shmona to the sea north of Nahariya.",
            ("lebanon",),
        ),
        _subject(
            "knesset",
            "The Knesset, Jerusalem",
            ["Knesset", "Jerusalem"],
            "The Knesset building",
            "Illustration: the Knesset in Jerusalem, a long, flat-roofed building ringed by "
            "square pillars, with the Israeli flag above it.",
            "The Knesset in Jerusalem, where the 120 members of Israel’s parliament sit.",
            ("knesset",),
        ),
        _subject(
            "supreme-court",
            "The Supreme Court, Jerusalem",
            ["Supreme Court", "Jerusalem"],
            "The Supreme Court building",
            "Illustration: the front of the Supreme Court in Jerusalem, its columns under a "
            "stone pediment.",
            "The Supreme Court in Jerusalem, which also sits as the High Court of Justice.",
            ("court",),
        ),
        _subject(
            "rates-chart",
            "Chart: Bank of Israel interest rate, 2019–2026",
            ["chart", "interest rate"],
            "Chart of the Bank of Israel’s interest rate",
            "Illustration: a line chart of the Bank of Israel interest rate, near zero from "
            "2019 to 2021, rising above 4 percent in 2023 and easing to 4 percent by 2026.",
            "A chart of the Bank of Israel’s interest rate since 2019: near zero through the "
            "pandemic, then raised quickly as prices rose.",
            ("interest rate", "rate cut"),
        ),
        _subject(
            "housing-chart",
            "Chart: average home price, 2019–2026",
            ["chart", "home price"],
            "Chart of average home prices",
            "Illustration: a bar chart of the average home price in Israel, rising every "
            "year from 1.5 million shekels in 2019 to 2.4 million in 2026.",
            "A chart of the average home price, which has risen every year since 2019, from "
            "1.5 million shekels to 2.4 million.",
            ("home prices", "average home", "rents", "apartments"),
        ),
        _subject(
            "stadium",
            "Teddy Stadium, Jerusalem",
            ["stadium"],
            "Teddy Stadium at night",
            "Illustration: a football stadium at night, its floodlights on over a green "
            "pitch and full stands.",
            "Teddy Stadium in Jerusalem under floodlights; the stadium seats about 31,000 fans.",
            ("stadium",),
        ),
        _subject(
            "port",
            "The port of Haifa",
            ["port", "Haifa"],
            "Container cranes at Haifa port",
            "Illustration: the port of Haifa, with stacked shipping containers, two orange "
            "gantry cranes and a cargo ship at the quay.",
            "Containers and cranes at the port of Haifa, Israel’s largest cargo port.",
            ("port of haifa", "haifa port"),
        ),
        _subject(
            "skyline",
            "Tel Aviv skyline",
            ["Tel Aviv", "skyline"],
            "Tel Aviv skyline at sunset",
            "Illustration: the Tel Aviv skyline at sunset, office towers with lit windows "
            "above the beach and the sea.",
            "The Tel Aviv skyline, where most of the country’s technology companies have "
            "their offices.",
            ("tel aviv",),
        ),
        _subject(
            "gas-platform",
            "Offshore gas platform, eastern Mediterranean",
            ["gas platform", "Mediterranean"],
            "Offshore gas platform",
            "Illustration: an offshore gas platform standing on three legs in the eastern "
            "Mediterranean, a flare burning at the end of its boom.",
            "A gas platform off Israel’s coast in the eastern Mediterranean.",
            ("gas",),
        ),
        _subject(
            "solar",
            "Solar field, Arava desert",
            ["solar", "Arava"],
            "Solar panels in the Arava",
            "Illustration: rows of solar panels in the Arava desert under a bright sun.",
            "A solar field in the Arava desert, in Israel’s south.",
            ("solar",),
        ),
        _subject(
            "airport",
            "Ben Gurion Airport",
            ["Ben Gurion Airport"],
            "An airliner leaving Ben Gurion Airport",
            "Illustration: an airliner taking off from a runway at Ben Gurion Airport, the "
            "control tower behind it.",
            "A flight takes off from Ben Gurion Airport, Israel’s main international airport.",
            ("ben gurion airport",),
        ),
        _subject(
            "excavation",
            "Archaeological excavation",
            ["excavation"],
            "An archaeological excavation",
            "Illustration: an archaeological excavation, a trench marked out in a white "
            "grid, with pottery sherds and the stones of an ancient wall.",
            "An archaeological excavation, laid out in squares so every find can be recorded "
            "where it lay.",
            ("archaeolog",),
        ),
        _subject(
            "synagogue",
            "A synagogue",
            ["synagogue"],
            "A domed synagogue",
            "Illustration: a synagogue with a green dome, arched blue windows and a Star of "
            "David above its roof.",
            "A synagogue in the diaspora; many communities are raising money to restore "
            "their buildings.",
            ("synagogue",),
        ),
    ]
}
SCENES = {
    "meeting": _meeting,
    "golan-map": _golan_map,
    "flags": _flags,
    "region-map": _region_map,
    "border-map": _border_map,
    "knesset": _knesset,
    "supreme-court": _courthouse,
    "rates-chart": _rates_chart,
    "housing-chart": _housing_chart,
    "stadium": _stadium,
    "port": _port,
    "skyline": _skyline,
    "gas-platform": _gas_platform,
    "solar": _solar,
    "airport": _airport,
    "excavation": _excavation,
    "synagogue": _synagogue,
}
# The seed article's pictures, as the demo loader numbers them: its lead photo 1, its inline
# photo 2.
SEED_SUBJECTS = {1: "meeting", 2: "golan-map"}


def draw_jpeg(key):
    """JPEG bytes of the subject `key`'s illustration, its label across its foot."""
    subject = SUBJECTS[key]
    rng = random.Random(f"masthead-picture-{key}")  # the same picture every build
    image = Image.new("RGB", SIZE, "white")
    draw = ImageDraw.Draw(image)
    SCENES[key](draw, rng)
    _label(draw, subject.label)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, comment=(COMMENT_PREFIX + key).encode())
    return out.getvalue()


def subject_of(file):
    """The subject a demo picture's file records, or None for any other picture."""
    with Image.open(file) as image:
        comment = image.info.get("comment", b"").decode("utf-8", "replace")
    if comment.startswith(COMMENT_PREFIX):
        return SUBJECTS.get(comment.removeprefix(COMMENT_PREFIX))
    return None


def placeholder_jpeg(label, seed, size=SIZE):
    """The seed article's pictures, numbered as the demo loader asks for them."""
    return draw_jpeg(SEED_SUBJECTS[seed])
