"""What an editor may write: the front matter of each content kind, and site.yaml.

These pydantic models are the single source of truth for fields: validation, the JSON Schemas for
editors' tools and the field reference in the editor guide are all generated from them.  Strict
mode, so YAML 1.1 surprises (`NO` → false) are type errors instead of silent changes; unknown fields
are caught before validation (a warning with "did you mean").

A field marked `translatable` may appear in a `slug.en.md` translation; any other field there is an
error, because times, rooms and references must not differ between languages.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo
from pydantic.fields import FieldInfo

from .messages import MessageError
from .text import SLUG_RE

COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
LANG_RE = re.compile(r"^[a-z]{2,3}$")

SESSION_KINDS = ("keynote", "talk", "panel", "workshop", "performance", "ceremony", "tour", "break")


def described(description: str, description_id: str, *, translatable: bool = False, **kw: Any) -> Any:
    """A pydantic Field with the English `description` and the Indonesian one (`description_id`).

    Both go into the JSON Schema; the Indonesian guide and `build.py new` show `description_id`.
    """
    extra: dict[str, Any] = {"description_id": description_id}
    if translatable:
        extra["translatable"] = True
    return Field(description=description, json_schema_extra=extra, **kw)


def translatable(description: str, description_id: str, **kw: Any) -> Any:
    """A field that a translation (`slug.en.md`) may set."""
    return described(description, description_id, translatable=True, **kw)


def description_id(info: FieldInfo) -> str:
    """The Indonesian description of a field, or the English one when it has none."""
    extra = info.json_schema_extra
    if isinstance(extra, dict) and isinstance(extra.get("description_id"), str):
        return str(extra["description_id"])
    return info.description or ""


def _parse_datetime(value: Any, info: ValidationInfo) -> Any:
    """'2025-12-11 09:00' → aware datetime in the site's timezone (from the validation context)."""
    tz = (info.context or {}).get("tz")
    if isinstance(value, str):
        text = value.strip().replace("T", " ")
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            time = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[ T]+(\d{1,2})[.,](\d{2})", text)
            if time:  # 9.30: the Indonesian way of writing a time
                fixed = f"{time.group(1)} {int(time.group(2)):02d}:{time.group(3)}"
                raise MessageError("schema.time-dot", value=value, fixed=fixed) from None
            raise MessageError("schema.not-datetime", value=value) from None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            if tz is None:
                raise MessageError("schema.no-timezone")
            value = value.replace(tzinfo=tz)
        return value.astimezone(tz) if tz is not None else value
    if isinstance(value, dt.date):
        raise MessageError("schema.no-time", value=value)
    return value


def _parse_date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise MessageError("schema.not-date", value=value) from None
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _slug(value: Any) -> Any:
    if isinstance(value, str) and not SLUG_RE.match(value):
        raise MessageError("schema.not-id", value=value)
    return value


def _color(value: Any) -> Any:
    if isinstance(value, str) and not COLOR_RE.match(value):
        raise MessageError("schema.not-colour", value=value)
    return value


LocalDateTime = Annotated[dt.datetime, BeforeValidator(_parse_datetime)]
Date = Annotated[dt.date, BeforeValidator(_parse_date)]
Slug = Annotated[str, BeforeValidator(_slug)]
Color = Annotated[str, BeforeValidator(_color)]
NonEmpty = Annotated[str, Field(min_length=1)]
#: The point of a photo that must stay visible when it is cropped: "x% y%" from the top left.
Focus = Annotated[str, Field(pattern=r"^(100|[1-9]?[0-9])% (100|[1-9]?[0-9])%$")]


LOCAL_TEXT_EN = "one text, or one per language: {id: ..., en: ...}"
LOCAL_TEXT_ID = "satu teks, atau satu teks per bahasa: {id: ..., en: ...}"


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Link(Strict):
    label: str = described(
        "What the link shows, e.g. 'Instagram'",
        "Teks yang tampil untuk tautan, misalnya 'Instagram'",
        default="",
    )
    url: NonEmpty = described(
        "http(s), mailto: or tel: address, or a site path starting with /",
        "Alamat tautan: alamat web (http:// atau https://), mailto: untuk surel, tel: untuk telepon, "
        "atau alamat halaman di situs ini yang diawali /",
    )


class Front(Strict):
    """Fields every kind has."""

    draft: bool = described(
        "true keeps the entry out of the site unless built with --drafts",
        "Isi true agar entri ini tidak ikut diterbitkan di situs, kecuali jika build dijalankan dengan --drafts",
        default=False,
    )


class SpeakerFront(Front):
    name: NonEmpty = translatable(
        "Full name, or a role such as 'Perwakilan Pemerintah Kota Ambon'",
        "Nama lengkap, atau nama peran seperti 'Perwakilan Pemerintah Kota Ambon'",
    )
    type: Literal["person", "role"] = described(
        "'person' for a named, verified person; 'role' for a delegation or role",
        "'person' untuk orang yang namanya disebut dan sudah dipastikan; 'role' untuk delegasi atau jabatan",
        default="person",
    )
    role: str = translatable("Position or title", "Jabatan atau gelar", default="")
    organisation: str = translatable("Organisation", "Instansi atau organisasi", default="")
    photo: str = described(
        "Image path under assets/, e.g. img/speakers/name.jpg",
        "Letak foto di dalam folder assets/, misalnya img/speakers/nama.jpg",
        default="",
    )
    photo_alt: str = translatable(
        "Description of the photo for screen readers",
        "Keterangan tentang apa yang tampak di foto, untuk pembaca layar yang dipakai pengguna tunanetra",
        default="",
    )
    photo_credit: str = described(
        "Who made the photo, shown under it", "Pembuat foto, ditampilkan di bawahnya", default=""
    )
    photo_licence: str = described(
        "Licence of the photo, e.g. CC BY 4.0", "Lisensi foto, misalnya CC BY 4.0", default=""
    )
    photo_focus: Focus = described(
        'The point that stays visible when the photo is cropped, "x% y%" from the top left, e.g. "50% 30%"',
        'Titik foto yang tetap terlihat saat dipotong, "x% y%" dari kiri atas, misalnya "50% 30%"',
        default="50% 50%",
    )
    links: list[Link] = described("Web pages and social accounts", "Halaman web dan akun media sosial", default=[])
    featured: bool = described("Show on the home page", "Isi true agar tampil di beranda", default=False)
    order: int = described(
        "Sort position in lists (smaller first)",
        "Urutan dalam daftar: angka lebih kecil tampil lebih dulu",
        default=100,
    )
    city: Slug | None = described(
        "Region id (a file name in content/cities)",
        "ID daerah: nama berkas di content/cities, tanpa .md",
        default=None,
    )


class SessionFront(Front):
    title: NonEmpty = translatable("Session title", "Judul sesi")
    summary: str = translatable(
        "One or two sentences for lists and previews",
        "Satu atau dua kalimat untuk daftar dan pratinjau",
        default="",
    )
    start: LocalDateTime = described(
        "Start: YYYY-MM-DD HH:MM, in the event's timezone",
        "Waktu mulai: YYYY-MM-DD HH:MM, menurut zona waktu acara",
    )
    end: LocalDateTime = described(
        "End: YYYY-MM-DD HH:MM, after start",
        "Waktu selesai: YYYY-MM-DD HH:MM, sesudah waktu mulai",
    )
    room: Slug = described(
        "A room id from site.yaml (rooms:)",
        "ID ruang yang tertulis di site.yaml, bagian rooms:",
    )
    track: Slug | None = described(
        "A track id from site.yaml (tracks:)",
        "ID topik (track) yang tertulis di site.yaml, bagian tracks:",
        default=None,
    )
    kind: Literal[SESSION_KINDS] = described(  # type: ignore[valid-type]
        "Kind of session, one of: " + ", ".join(SESSION_KINDS),
        "Jenis sesi: keynote (pidato kunci), talk (diskusi), panel (gelar wicara), workshop (lokakarya), "
        "performance (pertunjukan), ceremony (seremoni), tour (kunjungan), atau break (rehat)",
        default="talk",
    )
    language: Annotated[str, Field(pattern=LANG_RE.pattern)] = described(
        "Spoken language code, e.g. id or en",
        "Kode bahasa yang dipakai dalam sesi, misalnya id atau en",
        default="id",
    )
    capacity: int | None = described("Seats, if limited", "Jumlah kursi, jika terbatas", default=None, ge=1)
    speakers: list[Slug] = described(
        "Speaker ids (file names in content/speakers)",
        "ID pembicara: nama berkas di content/speakers, tanpa .md",
        default=[],
    )
    city: Slug | None = described("Related region id", "ID daerah yang terkait", default=None)
    booths: list[Slug] = described("Related booth ids", "ID stan yang terkait", default=[])


class Position(Strict):
    x: int = described(
        "Left edge on the floor plan (0-1000)",
        "Letak tepi kiri pada denah, 0–1000",
        ge=0,
        le=1000,
    )
    y: int = described(
        "Top edge on the floor plan (0-1000)",
        "Letak tepi atas pada denah, 0–1000",
        ge=0,
        le=1000,
    )
    w: int = described("Width on the floor plan (1-1000)", "Lebar pada denah, 1–1000", default=60, ge=1, le=1000)
    h: int = described("Height on the floor plan (1-1000)", "Tinggi pada denah, 1–1000", default=40, ge=1, le=1000)


class Demo(Strict):
    start: LocalDateTime = described(
        "Start of the demonstration: YYYY-MM-DD HH:MM",
        "Waktu mulai demonstrasi: YYYY-MM-DD HH:MM",
    )
    end: LocalDateTime = described(
        "End of the demonstration: YYYY-MM-DD HH:MM",
        "Waktu selesai demonstrasi: YYYY-MM-DD HH:MM",
    )


class BoothFront(Front):
    name: NonEmpty = translatable("Booth name", "Nama stan")
    number: NonEmpty = described(
        'Booth number as printed on the floor, in quotes: "07"',
        'Nomor stan seperti tertulis di lantai pameran, dalam tanda kutip: "07"',
    )
    area: str = translatable("Hall or area", "Aula atau area", default="")
    position: Position | None = described("Place on the floor plan", "Letak stan di denah pameran", default=None)
    subsectors: list[Slug] = described(
        "Creative subsector ids from site.yaml (subsectors:)",
        "ID subsektor ekonomi kreatif yang tertulis di site.yaml, bagian subsectors:",
        default=[],
    )
    products: list[str] = translatable("Products shown", "Produk yang dipamerkan", default=[])
    demos: list[Demo] = described("Demonstration times", "Jadwal demonstrasi", default=[])
    photo: str = described("Image path under assets/", "Letak foto di dalam folder assets/", default="")
    photo_alt: str = translatable(
        "Description of the photo for screen readers",
        "Keterangan tentang apa yang tampak di foto, untuk pembaca layar yang dipakai pengguna tunanetra",
        default="",
    )
    photo_credit: str = described(
        "Who made the photo, shown under it", "Pembuat foto, ditampilkan di bawahnya", default=""
    )
    photo_licence: str = described(
        "Licence of the photo, e.g. CC BY 4.0", "Lisensi foto, misalnya CC BY 4.0", default=""
    )
    photo_focus: Focus = described(
        'The point that stays visible when the photo is cropped, "x% y%" from the top left, e.g. "50% 30%"',
        'Titik foto yang tetap terlihat saat dipotong, "x% y%" dari kiri atas, misalnya "50% 30%"',
        default="50% 50%",
    )
    city: Slug | None = described("Region id", "ID daerah", default=None)
    summary: str = translatable("One sentence for lists", "Satu kalimat untuk daftar", default="")


class Coordinates(Strict):
    lat: float = described(
        "Latitude in decimal degrees, -90 to 90 (south is negative), e.g. -6.2",
        "Lintang dalam derajat desimal, -90 sampai 90 (selatan khatulistiwa bernilai negatif), misalnya -6.2",
        ge=-90,
        le=90,
    )
    lon: float = described(
        "Longitude in decimal degrees, -180 to 180 (east is positive), e.g. 106.8",
        "Bujur dalam derajat desimal, -180 sampai 180 (bujur timur bernilai positif), misalnya 106.8",
        ge=-180,
        le=180,
    )


class Membership(Strict):
    id: Slug = described(
        "A region category id from site.yaml (region_categories:)",
        "ID kelompok daerah yang tertulis di site.yaml, bagian region_categories:",
    )
    field: Slug | None = described(
        "One of the category's fields (its fields: in site.yaml), if it has any",
        "Salah satu bidang kelompok itu (fields: di site.yaml), jika kelompoknya punya bidang",
        default=None,
    )
    year: int | None = described(
        "Year of joining or designation", "Tahun bergabung atau penetapan", default=None, ge=1900, le=2100
    )


def _membership(value: Any) -> Any:
    """`name` is short for `{id: name}`."""
    return {"id": value} if isinstance(value, str) else value


CategoryOf = Annotated[Membership, BeforeValidator(_membership, json_schema_input_type=str | Membership)]


class CityFront(Front):
    name: NonEmpty = translatable("Official name, e.g. 'Kota Bandung'", "Nama resmi, misalnya 'Kota Bandung'")
    type: Literal["kota", "kabupaten", "provinsi"] = described(
        "kota, kabupaten or provinsi",
        "kota, kabupaten, atau provinsi",
    )
    province: NonEmpty = translatable("Province", "Provinsi")
    coordinates: Coordinates | None = described(
        "Location on the map: latitude and longitude",
        "Letak di peta: lintang dan bujur",
        default=None,
    )
    categories: list[CategoryOf] = described(
        "Region categories from site.yaml this region belongs to: an id, or {id: ..., field: ..., year: ...}",
        "Kelompok daerah dari site.yaml yang mencakup daerah ini: satu ID, atau {id: ..., field: ..., year: ...}",
        default=[],
    )
    flagship: Slug | None = described(
        "Flagship subsector id (subsektor unggulan), from site.yaml",
        "ID subsektor unggulan, dari site.yaml bagian subsectors:",
        default=None,
    )
    map_label: str = translatable(
        "Short name written on the map, e.g. Bandung (the name when empty)",
        "Nama singkat yang tertulis di peta, misalnya Bandung (nama lengkap jika kosong)",
        default="",
    )
    photo: str = described(
        "Image path under assets/, e.g. img/regions/name.jpg",
        "Letak foto di dalam folder assets/, misalnya img/regions/nama.jpg",
        default="",
    )
    photo_alt: str = translatable(
        "Description of the photo for screen readers",
        "Keterangan isi foto untuk pembaca layar, yang dipakai pengguna tunanetra",
        default="",
    )
    photo_credit: str = described(
        "Who made the photo, shown under it", "Pembuat foto, ditampilkan di bawahnya", default=""
    )
    photo_licence: str = described(
        "Licence of the photo, e.g. CC BY 4.0", "Lisensi foto, misalnya CC BY 4.0", default=""
    )
    photo_focus: Focus = described(
        'The point that stays visible when the photo is cropped, "x% y%" from the top left, e.g. "50% 30%"',
        'Titik foto yang tetap terlihat saat dipotong, "x% y%" dari kiri atas, misalnya "50% 30%"',
        default="50% 50%",
    )
    known_for: str = translatable(
        "A short phrase: what the place is known for",
        "Frasa singkat: daerah ini dikenal karena apa",
        default="",
    )
    summary: str = translatable(
        "One or two sentences for lists",
        "Satu atau dua kalimat untuk daftar",
        default="",
    )


class NewsFront(Front):
    title: NonEmpty = translatable("Headline", "Judul berita")
    date: Date = described("Publication date: YYYY-MM-DD", "Tanggal terbit: YYYY-MM-DD")
    summary: str = translatable("One or two sentences", "Satu atau dua kalimat", default="")
    image: str = described("Image path under assets/", "Letak gambar di dalam folder assets/", default="")
    image_alt: str = translatable(
        "Description of the image for screen readers",
        "Keterangan tentang apa yang tampak di gambar, untuk pembaca layar yang dipakai pengguna tunanetra",
        default="",
    )
    image_credit: str = described(
        "Who made the image, shown under it", "Pembuat gambar, ditampilkan di bawahnya", default=""
    )
    image_licence: str = described(
        "Licence of the image, e.g. CC BY 4.0", "Lisensi gambar, misalnya CC BY 4.0", default=""
    )
    image_focus: Focus = described(
        'The point that stays visible when the image is cropped, "x% y%" from the top left, e.g. "50% 30%"',
        'Titik gambar yang tetap terlihat saat dipotong, "x% y%" dari kiri atas, misalnya "50% 30%"',
        default="50% 50%",
    )
    sessions: list[Slug] = described("Related session ids", "ID sesi yang terkait", default=[])
    cities: list[Slug] = described("Related region ids", "ID daerah yang terkait", default=[])


class PageFront(Front):
    title: NonEmpty = translatable("Page title", "Judul halaman")
    description: str = translatable(
        "One sentence for search engines and previews",
        "Satu kalimat untuk mesin pencari dan pratinjau tautan",
        default="",
    )
    layout: Literal["page", "venue"] = described(
        "venue: the page also shows the venue's address, map, transport and floor plan from site.yaml",
        "venue: halaman juga menampilkan alamat, peta, transportasi, dan denah tempat acara dari site.yaml",
        default="page",
    )
    menu: int | None = described(
        "Position in the main menu; leave out to keep it off the menu",
        "Urutan di menu utama; hapus kolom ini agar halaman tidak masuk menu",
        default=None,
    )
    date: Date | None = described(
        "Date of the page, e.g. when it was last updated: YYYY-MM-DD",
        "Tanggal halaman, misalnya kapan terakhir diperbarui: YYYY-MM-DD",
        default=None,
    )
    tags: list[str] = described(
        "Keywords for the page, e.g. [pengumuman]",
        "Kata kunci halaman, misalnya [pengumuman]",
        default=[],
    )


KIND_MODELS: dict[str, type[Front]] = {
    "speakers": SpeakerFront,
    "sessions": SessionFront,
    "booths": BoothFront,
    "cities": CityFront,
    "news": NewsFront,
    "pages": PageFront,
}


@functools.cache  # models are classes of this module: asked for every entry of every build
def translatable_fields(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(
        name
        for name, info in model.model_fields.items()
        if isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get("translatable")
    )


# --- site.yaml ---------------------------------------------------------------------------------

LocalText = dict[str, str] | str


class Room(Strict):
    id: Slug = described(
        "Short id that sessions use (room: ...): lowercase letters, digits and hyphens",
        "ID singkat yang dipakai sesi (room: ...): huruf kecil, angka, dan tanda hubung",
    )
    name: LocalText = described("Room name: " + LOCAL_TEXT_EN, "Nama ruang: " + LOCAL_TEXT_ID)
    capacity: int | None = described("Seats, if limited", "Jumlah kursi, jika terbatas", default=None, ge=1)


class Track(Strict):
    id: Slug = described(
        "Short id that sessions use (track: ...): lowercase letters, digits and hyphens",
        "ID singkat yang dipakai sesi (track: ...): huruf kecil, angka, dan tanda hubung",
    )
    name: LocalText = described("Track name: " + LOCAL_TEXT_EN, "Nama topik: " + LOCAL_TEXT_ID)
    color: Color = described(
        'Colour of the track on the agenda, in quotes: "#rrggbb"',
        'Warna topik di agenda, dalam tanda kutip: "#rrggbb"',
        default="#666666",
    )


class Subsector(Strict):
    id: Slug = described(
        "Short id that booths and regions use (subsectors:, flagship:): lowercase letters, digits and hyphens",
        "ID singkat yang dipakai stan dan daerah (subsectors:, flagship:): huruf kecil, angka, dan tanda hubung",
    )
    name: LocalText = described("Subsector name: " + LOCAL_TEXT_EN, "Nama subsektor: " + LOCAL_TEXT_ID)


class CategoryField(Strict):
    id: Slug = described(
        "Short id that regions use (field: ...): lowercase letters, digits and hyphens",
        "ID singkat yang dipakai daerah (field: ...): huruf kecil, angka, dan tanda hubung",
    )
    name: LocalText = described("Name of the field: " + LOCAL_TEXT_EN, "Nama bidang: " + LOCAL_TEXT_ID)


class RegionCategory(Strict):
    id: Slug = described(
        "Short id that regions use (categories: ...): lowercase letters, digits and hyphens",
        "ID singkat yang dipakai daerah (categories: ...): huruf kecil, angka, dan tanda hubung",
    )
    name: LocalText = described(
        "Name of the group, the heading on the regions page: " + LOCAL_TEXT_EN,
        "Nama kelompok, judulnya di halaman daerah: " + LOCAL_TEXT_ID,
    )
    intro: LocalText = described(
        "One sentence under the heading: " + LOCAL_TEXT_EN,
        "Satu kalimat di bawah judul: " + LOCAL_TEXT_ID,
        default="",
    )
    label: LocalText = described(
        "Tag on a region's card and page, with {field} and {year} if wanted (the name when empty): " + LOCAL_TEXT_EN,
        "Label pada kartu dan halaman daerah, boleh memakai {field} dan {year} (nama kelompok jika kosong): "
        + LOCAL_TEXT_ID,
        default="",
    )
    fields: list[CategoryField] = described(
        "Fields a region's membership may name, e.g. the creative fields of a network",
        "Bidang yang boleh disebut keanggotaan daerah, misalnya bidang kreatif suatu jejaring",
        default=[],
    )
    participants: bool = described(
        "false when the group's regions did not take part in the event (e.g. designated after it): the home"
        " page then neither lists nor counts them as participating regions",
        "Isi false jika daerah kelompok ini tidak ikut serta dalam acara (misalnya ditetapkan sesudahnya):"
        " beranda tidak mencantumkan atau menghitungnya sebagai daerah peserta",
        default=True,
    )


class Address(Strict):
    street: str = described("Street and number", "Nama jalan dan nomor", default="")
    district: str = described(
        "Neighbourhood and district, e.g. Kebon Melati, Tanah Abang",
        "Kelurahan dan kecamatan, misalnya Kebon Melati, Tanah Abang",
        default="",
    )
    locality: LocalText = described(
        "City or regency, e.g. Jakarta: " + LOCAL_TEXT_EN,
        "Kota atau kabupaten, misalnya Jakarta: " + LOCAL_TEXT_ID,
        default="",
    )
    region: str = described("Province, e.g. DKI Jakarta", "Provinsi, misalnya DKI Jakarta", default="")
    postal_code: str = described("Postal code, in quotes", "Kode pos, dalam tanda kutip", default="")
    country: str = described(
        'Two-letter country code, e.g. ID (write "NO" in quotes)',
        'Kode negara dua huruf, misalnya ID (tulis "NO" dalam tanda kutip)',
        default="ID",
    )


class Transport(Strict):
    mode: Literal["train", "bus", "car", "taxi", "walk", "other"] = described(
        "How: train (MRT, KRL), bus (TransJakarta), car, taxi, walk or other",
        "Dengan apa: train (MRT, KRL), bus (TransJakarta), car (mobil), taxi, walk (jalan kaki), atau other",
    )
    text: LocalText = described(
        "The way there, e.g. the nearest station and the walk from it: " + LOCAL_TEXT_EN,
        "Cara ke sana, misalnya stasiun terdekat dan jalan dari sana: " + LOCAL_TEXT_ID,
    )


class PlanArea(Strict):
    id: Slug = described("Short id of the area", "ID singkat area")
    kind: Literal["entrance", "stage", "room", "registration", "other"] = described(
        "entrance, stage, room, registration or other (drawn differently)",
        "entrance (pintu masuk), stage (panggung), room (ruang), registration (registrasi), atau other",
        default="other",
    )
    name: LocalText = described("Name written on the plan: " + LOCAL_TEXT_EN, "Nama di denah: " + LOCAL_TEXT_ID)
    x: int = described("Left edge, 0-1000", "Tepi kiri, 0-1000", ge=0, le=1000)
    y: int = described("Top edge, 0-1000", "Tepi atas, 0-1000", ge=0, le=1000)
    w: int = described("Width", "Lebar", ge=1, le=1000)
    h: int = described("Height", "Tinggi", ge=1, le=1000)


class FloorPlanSettings(Strict):
    areas: list[PlanArea] = described(
        "Areas drawn on the booths' floor plan besides the booths (entrances, stage, rooms, registration)",
        "Area yang digambar di denah stan selain stan (pintu masuk, panggung, ruang, registrasi)",
        default=[],
    )


class Venue(Strict):
    name: NonEmpty = described("Name of the venue", "Nama tempat acara")
    building: LocalText = described(
        "Building the venue is in: " + LOCAL_TEXT_EN, "Gedung tempat acara berada: " + LOCAL_TEXT_ID, default=""
    )
    address: Address = described("Postal address", "Alamat", default=Address())
    coordinates: Coordinates | None = described(
        "Location on the map: latitude and longitude",
        "Letak di peta: lintang dan bujur",
        default=None,
    )
    directions: LocalText = described(
        "How to get there: " + LOCAL_TEXT_EN,
        "Petunjuk menuju lokasi: " + LOCAL_TEXT_ID,
        default="",
    )
    transport: list[Transport] = described(
        "Ways to get there, one per means of transport", "Cara menuju lokasi, satu untuk setiap moda", default=[]
    )


class Organizer(Strict):
    name: LocalText = described("Name of the institution: " + LOCAL_TEXT_EN, "Nama lembaga: " + LOCAL_TEXT_ID)
    url: str = described("Website address", "Alamat situs web", default="")


class EventSettings(Strict):
    name: NonEmpty = described("Name of the event", "Nama acara")
    tagline: LocalText = described(
        "Short line under the event's name: " + LOCAL_TEXT_EN,
        "Kalimat pendek di bawah nama acara: " + LOCAL_TEXT_ID,
        default="",
    )
    description: LocalText = described(
        "What the event is, in a few sentences: " + LOCAL_TEXT_EN,
        "Penjelasan singkat tentang acara dalam beberapa kalimat: " + LOCAL_TEXT_ID,
        default="",
    )
    start: Date = described("First day of the event: YYYY-MM-DD", "Hari pertama acara: YYYY-MM-DD")
    end: Date = described("Last day of the event: YYYY-MM-DD", "Hari terakhir acara: YYYY-MM-DD")
    timezone: NonEmpty = described(
        "Timezone of the event, e.g. Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)",
        "Zona waktu acara, misalnya Asia/Jakarta (WIB), Asia/Makassar (WITA), atau Asia/Jayapura (WIT)",
        default="UTC",
    )
    timezone_label: str = described(
        "Short name of the timezone shown with times, e.g. WIB",
        "Singkatan zona waktu yang ditampilkan bersama jam, misalnya WIB",
        default="",
    )
    venue: Venue = described("Where the event takes place", "Tempat acara")
    organizer: Organizer | None = described(
        "The unit that organises the event, e.g. a directorate",
        "Unit penyelenggara acara, misalnya direktorat",
        default=None,
    )
    host: Organizer | None = described(
        "The institution that hosts the event, e.g. a ministry",
        "Lembaga tuan rumah acara, misalnya kementerian",
        default=None,
    )


class NavItem(Strict):
    section: Literal["home", "agenda", "speakers", "booths", "cities", "news"] | None = described(
        "A section of the site: home, agenda, speakers, booths, cities or news (write either section or page)",
        "Bagian situs: home, agenda, speakers, booths, cities, atau news (tulis section atau page, salah satu)",
        default=None,
    )
    page: Slug | None = described(
        "A page id (a file name in content/pages)",
        "ID halaman: nama berkas di content/pages, tanpa .md",
        default=None,
    )


class Partner(Strict):
    name: NonEmpty = described("Name of the partner", "Nama mitra")
    url: str = described("Website address", "Alamat situs web", default="")


class SiteFront(Strict):
    title: LocalText = described("Title of the site: " + LOCAL_TEXT_EN, "Judul situs: " + LOCAL_TEXT_ID)
    base_url: NonEmpty = described(
        "Address the site is published at, e.g. https://example.org/ccc/ (/ when unknown)",
        "Alamat tempat situs diterbitkan, misalnya https://example.org/ccc/ (/ jika belum diketahui)",
        default="/",
    )
    languages: list[Annotated[str, Field(pattern=LANG_RE.pattern)]] = described(
        "Language codes, e.g. [id, en]; the first is the default language",
        "Kode bahasa, misalnya [id, en]; yang pertama adalah bahasa utama",
        default=["id"],
    )
    event: EventSettings = described(
        "The event: name, dates, timezone and venue",
        "Acara: nama, tanggal, zona waktu, dan tempat",
    )
    rooms: list[Room] = described("Rooms that sessions take place in", "Ruang tempat sesi berlangsung", default=[])
    tracks: list[Track] = described(
        "Tracks (themes) of the agenda, each with a colour",
        "Topik (track) agenda, masing-masing dengan warna",
        default=[],
    )
    subsectors: list[Subsector] = described(
        "Creative-economy subsectors, used by booths and regions",
        "Subsektor ekonomi kreatif, dipakai stan dan daerah",
        default=[],
    )
    region_categories: list[RegionCategory] = described(
        "Groups of regions (networks, designations), in the order the regions page shows them",
        "Kelompok daerah (jejaring, penetapan), dalam urutan tampil di halaman daerah",
        default=[],
    )
    floor_plan: FloorPlanSettings = described(
        "The exhibition's floor plan: areas besides the booths",
        "Denah pameran: area selain stan",
        default=FloorPlanSettings(),
    )
    navigation: list[NavItem] = described(
        "Items of the main menu, in order: sections and pages",
        "Butir menu utama, berurutan: bagian situs dan halaman",
        default=[],
    )
    notice: LocalText = described(
        "Notice shown at the top of every page, or empty: " + LOCAL_TEXT_EN,
        "Pengumuman di bagian atas setiap halaman, atau kosong: " + LOCAL_TEXT_ID,
        default="",
    )
    illustrative: bool = described(
        "true when the detailed agenda (session times, rooms, booths) is a sketch, not the organisers' schedule:"
        " calendars mark sessions tentative and say so, the home page shows no session or booth counts, and"
        " session pages give search engines no event times",
        "Isi true jika rincian agenda (jam sesi, ruang, stan) hanya gambaran, bukan jadwal resmi penyelenggara:"
        " kalender menandai sesi sebagai sementara dan menyebutkannya, beranda tidak menampilkan jumlah sesi"
        " dan stan, dan halaman sesi tidak memberi mesin pencari jam acara",
        default=False,
    )
    partners: list[Partner] = described("Partners and supporters", "Mitra dan pendukung", default=[])
    allow_raw_html: bool = described(
        "true lets Markdown contain a safe subset of HTML; otherwise HTML is shown as text",
        "Isi true agar Markdown boleh berisi sebagian HTML yang aman; jika tidak, HTML tampil sebagai teks biasa",
        default=False,
    )
    search_shard_pages: int = described(
        "Pages per part of a large site's search index: above this many pages in a language, its index is"
        " split into parts (at most 8) that a rebuild indexes again only when their pages change; each"
        " search term then loads one small file per part. 0: never split",
        "Jumlah halaman per bagian indeks pencarian situs besar: di atas jumlah ini per bahasa, indeksnya"
        " dibagi menjadi beberapa bagian (paling banyak 8) yang hanya diindeks ulang jika halamannya"
        " berubah; setiap kata yang dicari lalu memuat satu berkas kecil per bagian. 0: tidak pernah dibagi",
        default=1000,
        ge=0,
    )
    copyright: LocalText = described(
        "Copyright line in the footer: " + LOCAL_TEXT_EN,
        "Keterangan hak cipta di bagian bawah halaman: " + LOCAL_TEXT_ID,
        default="",
    )
