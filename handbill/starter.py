"""What `handbill init` writes besides site.yaml: one example of each content kind and the editor's README.

Texts exist in Indonesian and English.  The site's first language gets its own text when there is one
(English otherwise) in `<slug>.md`; each other language that has a text gets a translation file
(English too when `<slug>.md` holds the English text); a language without texts (nl, jv) has no
translation, so its pages show the first language's text with the "not translated" note, and init
names the files to translate (init.notes).
Examples are generic (no real people, places or figures) and refer to each other, so that every page
kind and every reference shows something.  `$name` placeholders are filled by init.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TEXT_LANGUAGES = ("id", "en")


@dataclass(frozen=True)
class Example:
    kind: str
    slugs: dict[str, str]  # text language → slug; the first language's text decides
    fields: str  # structural front matter (YAML lines, $placeholders)
    texts: dict[str, str]  # text language → translatable front matter (YAML lines)
    bodies: dict[str, str] = field(default_factory=dict)


EXAMPLES: tuple[Example, ...] = (
    Example(
        "cities",
        {"id": "kota-contoh", "en": "example-city"},
        "type: kota\nprovince: $province\n",
        {
            "id": 'name: Kota Contoh\nknown_for: Keunggulan daerah ini\nsummary: "Ganti entri ini dengan daerah yang'
            ' ikut serta dalam acara."\n',
            "en": 'name: Example City\nknown_for: What the region is known for\nsummary: "Replace this entry with a'
            ' region that takes part in the event."\n',
        },
        {
            "id": "Tulis profil daerah di sini: apa yang dikenal dari daerah ini dan apa yang dibawanya ke acara.\n\n"
            "Setiap daerah adalah satu berkas di folder `content/cities/`.\n",
            "en": "Write the region's profile here: what it is known for and what it brings to the event.\n\n"
            "Each region is one file in the `content/cities/` folder.\n",
        },
    ),
    Example(
        "speakers",
        {"id": "narasumber-contoh", "en": "example-speaker"},
        "type: role\ncity: $cities\n",
        {
            "id": "name: Narasumber Contoh\nrole: Jabatan narasumber\norganisation: Nama lembaga\n",
            "en": "name: Example Speaker\nrole: The speaker's role\norganisation: Name of the organisation\n",
        },
        {
            "id": "Tulis profil singkat narasumber di sini. Tulis nama orang hanya jika sudah dipastikan; jika belum,"
            " tulis perannya (`type: role`), seperti pada contoh ini.\n",
            "en": "Write a short profile of the speaker here. Name a person only once it is confirmed; until then,"
            " write the role (`type: role`), as this example does.\n",
        },
    ),
    Example(
        "booths",
        {"id": "booth-contoh", "en": "example-booth"},
        'number: "01"\nposition: {x: 100, y: 100, w: 160, h: 100}\ncity: $cities\ndemos:\n'
        "  - start: $day1 13:00\n    end: $day1 14:00\n",
        {
            "id": "name: Stan Contoh\narea: Area pameran\nproducts: [Produk contoh]\n"
            'summary: "Ganti entri ini dengan stan peserta pameran."\n',
            "en": "name: Example Booth\narea: Exhibition area\nproducts: [Example product]\n"
            'summary: "Replace this entry with a booth of the exhibition."\n',
        },
        {
            "id": "Tulis apa yang ditampilkan di stan ini. Letak stan di denah diatur dengan `position`.\n",
            "en": "Write what this booth shows. Its place on the floor plan is set with `position`.\n",
        },
    ),
    Example(
        "sessions",
        {"id": "pembukaan", "en": "opening"},
        "start: $day1 09:00\nend: $day1 10:00\nroom: $room\ntrack: $track\nkind: ceremony\nlanguage: $language\n"
        "speakers: [$speakers]\ncity: $cities\nbooths: [$booths]\n",
        {
            "id": 'title: Pembukaan\nsummary: "Contoh sesi: ganti judul, waktu, ruang, dan pembicaranya."\n',
            "en": 'title: Opening\nsummary: "An example session: change its title, time, room and speakers."\n',
        },
        {
            "id": "Tulis uraian sesi di sini. Waktu mulai dan selesai dibaca menurut zona waktu acara di"
            " `site.yaml`.\n",
            "en": "Describe the session here. Start and end times are read in the event's time zone from"
            " `site.yaml`.\n",
        },
    ),
    Example(
        "news",
        {"id": "contoh-berita", "en": "example-news"},
        "date: $news_date\nsessions: [$sessions]\ncities: [$cities]\n",
        {
            "id": 'title: Contoh Berita\nsummary: "Berita tampil di beranda dan di umpan Atom, yang terbaru lebih'
            ' dulu."\n',
            "en": 'title: An example news item\nsummary: "News items appear on the home page and in the Atom feed,'
            ' newest first."\n',
        },
        {
            "id": "Tulis beritanya di sini. Tautan ke halaman lain ditulis dengan alamat berkasnya, misalnya"
            " [sesi pembukaan](../sessions/$sessions.md).\n",
            "en": "Write the news here. Link to other pages by their file, for example"
            " [the opening session](../sessions/$sessions.md).\n",
        },
    ),
    Example(
        "pages",
        {"id": "tentang", "en": "about"},
        "menu: 1\n",
        {
            "id": 'title: Tentang Acara\ndescription: "Apa acara ini, siapa penyelenggaranya, dan untuk siapa."\n',
            "en": 'title: About the event\ndescription: "What the event is, who organises it and who it is for."\n',
        },
        {
            "id": "Halaman bebas untuk keterangan tetap, seperti lokasi, pendaftaran, atau kontak.\n\n"
            "Halaman dengan `menu` tampil di menu utama; hapus baris itu agar tidak tampil.\n",
            "en": "A free page for lasting information, such as the venue, registration or contacts.\n\n"
            "Pages with `menu` appear in the main menu; remove that line to keep a page off it.\n",
        },
    ),
)

#: site.yaml values that are texts, in the two text languages ($name: the event's name).
SITE_TEXTS: dict[str, dict[str, str]] = {
    "tagline": {"id": "Kalimat singkat tentang acara", "en": "A short line about the event"},
    "description": {
        "id": "Tulis dalam beberapa kalimat apa acara ini, untuk siapa, dan apa yang terjadi di sana.",
        "en": "Say in a few sentences what the event is, who it is for and what happens there.",
    },
    "venue": {"id": "Nama tempat acara", "en": "Name of the venue"},
    "locality": {"id": "Nama kota", "en": "Name of the city"},
    "province": {"id": "Provinsi Contoh", "en": "Example Province"},
    "directions": {
        "id": "Tulis cara menuju tempat acara: transportasi umum, pintu masuk, parkir.",
        "en": "Say how to get to the venue: public transport, entrances, parking.",
    },
    "room1": {"id": "Ruang Utama", "en": "Main Hall"},
    "room2": {"id": "Ruang Lokakarya", "en": "Workshop Room"},
    "track": {"id": "Umum", "en": "General"},
    "notice": {
        "id": "Situs ini masih berisi contoh dari handbill init: ganti kontennya sebelum diterbitkan.",
        "en": "This site still holds the examples of handbill init: replace them before publishing.",
    },
}
SITE_IDS: dict[str, dict[str, str]] = {
    "room1": {"id": "ruang-utama", "en": "main-hall"},
    "room2": {"id": "ruang-lokakarya", "en": "workshop-room"},
    "track": {"id": "umum", "en": "general"},
}

README = """\
# $name — panduan singkat untuk editor

Situs ini dibuat dengan `handbill init`. Semua konten ada di berkas teks: ubah, simpan, lalu lihat hasilnya.

| berkas | isinya |
|---|---|
| `site.yaml` | pengaturan acara: nama, tanggal, zona waktu, tempat, ruang, topik, dan menu (dijelaskan di berkasnya) |
| `content/sessions/` | satu berkas per sesi agenda |
| `content/speakers/` | satu berkas per pembicara |
| `content/booths/` | satu berkas per stan pameran |
| `content/cities/` | satu berkas per daerah peserta |
| `content/news/` | satu berkas per berita |
| `content/pages/` | halaman bebas, misalnya "Tentang Acara" |
| `templates/`, `assets/` | tidak wajib: berkas di sini menggantikan berkas tema bawaan yang bernama sama |

Setiap berkas konten diawali kolom-kolom di antara dua baris `---`, lalu teksnya dalam Markdown.
Terjemahan ada di berkas bernama sama dengan kode bahasa, misalnya `pembukaan.en.md` di samping
`pembukaan.md`, dan hanya berisi kolom yang diterjemahkan. Nama berkas menjadi alamat halaman: pakai
huruf kecil, angka, dan tanda hubung saja.

Semua berkas `contoh` hanyalah contoh: ganti atau hapus. Jika suatu berkas dihapus, hapus juga
rujukan kepadanya di berkas lain; pemeriksaan di bawah ini menyebutkan setiap rujukan yang putus.

## Perintah

```
handbill serve --root .                 pratinjau di http://127.0.0.1:8000, diperbarui setiap kali berkas disimpan
handbill check --root . --strict        periksa semuanya tanpa menulis apa pun
handbill build --root . --strict        buat situs di folder _site/, siap diunggah ke hosting statis
handbill new session judul-sesi --root .     buat berkas sesi baru dengan semua kolomnya
handbill import schedule.xml --root .   ambil sesi dan pembicara dari pretalx, frab, Indico, atau Sessionize
```

Setiap kesalahan ditulis dalam satu baris: nama berkas, baris, posisi karakter, masalahnya,
dan cara memperbaikinya. Situs yang sudah jadi tidak pernah rusak karena kesalahan: perbaiki, lalu jalankan lagi.

---

# $name — a short guide for editors

This site was made with `handbill init`. Everything is in text files: change, save, and look.

| file | what it holds |
|---|---|
| `site.yaml` | the event's settings: name, dates, time zone, venue, rooms, tracks, menu (explained in the file) |
| `content/sessions/` | one file per session of the agenda |
| `content/speakers/` | one file per speaker |
| `content/booths/` | one file per exhibition booth |
| `content/cities/` | one file per participating region |
| `content/news/` | one file per news item |
| `content/pages/` | free pages, such as "About the event" |
| `templates/`, `assets/` | optional: a file here replaces the default theme's file of the same name |

Each content file starts with its fields between two `---` lines, then its text in Markdown.
Translations are files with the same name plus a language code, e.g. `opening.en.md` beside
`opening.md`, holding only the translated fields. File names become page addresses: use lowercase
letters, digits and hyphens only.

Every example file is only an example: replace or delete it. When you delete a file, also remove the
references to it from other files; the check below names every broken reference.

## Commands

```
handbill serve --root .                 preview at http://127.0.0.1:8000, refreshed on every save
handbill check --root . --strict        check everything, write nothing
handbill build --root . --strict        build the site into _site/, ready for any static host
handbill new session session-title --root .  create a session file with every field
handbill import schedule.xml --root .   take sessions and speakers from pretalx, frab, Indico or Sessionize
```

Every mistake is reported on one line: file, line, column, the problem and how to fix it. A site
already built is never broken by a mistake: fix it and run the command again.
"""

GITIGNORE = "_site/\n.handbill-cache/\n"
