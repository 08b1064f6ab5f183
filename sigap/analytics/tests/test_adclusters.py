"""Tests for sigap.analytics.adclusters on a synthetic Indonesian job-ad corpus."""

import random

from sigap.analytics.adclusters import cluster_ads, normalise

TEMPLATES = [
    "Lowongan kerja pabrik elektronik di Taiwan, gaji {sal} per bulan, tanpa biaya, "
    "berangkat cepat dari {city}. Hubungi segera {phone} untuk daftar, kuota terbatas!",
    "DIBUTUHKAN asisten rumah tangga untuk majikan di Malaysia. Gaji {sal}, makan dan "
    "tempat tinggal ditanggung, paspor diurus agen. Wilayah {city}, WA {phone}",
    "Kerja kapal pesiar internasional, pengalaman tidak perlu, umur 18-35 tahun. Gaji mulai "
    "{sal} plus bonus. Interview di {city} minggu ini, info lengkap hubungi {phone}",
    "Peluang kerja admin online dari rumah, cukup modal HP, penghasilan {sal} seminggu. "
    "Khusus warga {city}, chat admin {phone} sekarang juga jangan sampai ketinggalan",
]
UNRELATED = [
    "Dijual motor bekas tahun 2015 kondisi mulus, surat lengkap, harga nego.",
    "Les privat matematika untuk anak SD dan SMP, guru berpengalaman datang ke rumah.",
    "Kos putri dekat kampus, kamar mandi dalam, wifi, parkir luas, aman dan nyaman.",
    "Jasa servis AC panggilan, cuci AC, isi freon, bongkar pasang, bergaransi.",
    "Toko kue menerima pesanan tumpeng dan nasi kotak untuk acara kantor dan keluarga.",
    "Sewa mobil lepas kunci atau dengan sopir untuk mudik dan wisata keluarga.",
    "Kursus menjahit untuk pemula, kelas pagi dan sore, bahan disediakan.",
    "Dicari kucing hilang warna oranye di sekitar pasar, ada imbalan bagi penemu.",
    "Jual beras organik langsung dari petani, kemasan lima kilo, kirim ke seluruh kota.",
    "Pengajian rutin malam Jumat di masjid kompleks, terbuka untuk umum.",
]
CITIES = ["Cianjur", "Indramayu", "Lombok Timur", "Kupang", "Cirebon", "Sukabumi", "Medan"]
SALARIES = ["Rp 8.000.000", "Rp8 juta", "IDR 9.500.000", "12 juta", "Rp 7,5 jt", "USD 900"]


def _phone_variants(rng):
    body = "8" + "".join(rng.choice("0123456789") for _ in range(10))  # 11 digits after 62
    e164 = "+62" + body
    fmt = rng.choice(
        [
            f"0{body[:3]}-{body[3:7]}-{body[7:]}",
            f"+62 {body[:3]} {body[3:7]} {body[7:]}",
            f"62{body}",
        ]
    )
    return fmt, e164


def corpus(seed=7):
    rng = random.Random(seed)
    ads, truth, planted = [], {}, {}
    n = 0
    for t, tpl in enumerate(TEMPLATES):
        planted[t] = set()
        for _ in range(rng.randint(5, 10)):
            phone, e164 = _phone_variants(rng)
            text = tpl.format(sal=rng.choice(SALARIES), city=rng.choice(CITIES), phone=phone)
            ads.append((f"ad{n}", text))
            truth[f"ad{n}"] = t
            planted[t].add(e164)
            n += 1
    for i, text in enumerate(UNRELATED):
        ads.append((f"ad{n}", text))
        truth[f"ad{n}"] = f"u{i}"
        n += 1
    rng.shuffle(ads)
    return ads, truth, planted


def _groups(mapping):
    out = {}
    for k, v in mapping.items():
        out.setdefault(v, set()).add(k)
    return sorted(sorted(g) for g in out.values())


def test_normalise_extracts_slots():
    n = normalise("Gaji Rp 8.000.000, hubungi 0812-3456-7890 atau @agen_kerja www.kerja.id")
    assert n.slots["phone"] == ["+6281234567890"]
    assert n.slots["handle"] == ["@agen_kerja"]
    assert n.slots["amount"] == ["rp 8.000.000"]
    assert n.slots["url"] == ["www.kerja.id"]
    assert n.tokens == ["gaji", "{amount}", "hubungi", "{phone}", "atau", "{handle}", "{url}"]


def test_phone_formats_agree():
    a = normalise("wa 0812-3456-7890").slots["phone"]
    b = normalise("wa +62 812 3456 7890").slots["phone"]
    c = normalise("wa 6281234567890").slots["phone"]
    assert a == b == c == ["+6281234567890"]


def test_clusters_match_templates_exactly():
    ads, truth, planted = corpus()
    assignment, clusters = cluster_ads(ads)
    assert _groups(assignment) == _groups(truth)
    by_template = {}
    for c in clusters:
        labels = {truth[m] for m in c.members}
        assert len(labels) == 1
        label = labels.pop()
        if isinstance(label, str):
            assert c.size == 1
        else:
            by_template[label] = c
    assert sorted(by_template) == [0, 1, 2, 3]
    for t, c in by_template.items():
        assert set(c.slots["phone"]) == planted[t]
        assert c.slots["amount"]
    assert "taiwan" in by_template[0].template and "{phone}" in by_template[0].template
    assert "malaysia" in by_template[1].template
    assert "kapal pesiar internasional" in by_template[2].template
    assert "admin online dari rumah" in by_template[3].template
    # the city varies among members, so it must not survive as a constant word
    assert "{…}" in by_template[0].template


def test_deterministic():
    ads, _, _ = corpus(seed=11)
    assert cluster_ads(ads)[0] == cluster_ads(ads)[0]
    assert _groups(cluster_ads(ads)[0]) == _groups(corpus(seed=11)[1])


def test_duplicate_ids_rejected():
    import pytest

    with pytest.raises(ValueError):
        cluster_ads([("a", "x"), ("a", "y")])


def test_command_writes_assignment_and_templates(tmp_path):
    import csv

    from django.core.management import call_command

    ads, truth, planted = corpus()
    src = tmp_path / "ads.csv"
    with src.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text"])
        w.writerows(ads)
    out = tmp_path / "out.csv"
    call_command("cluster_ads", str(src), "--output", str(out))
    rows = list(csv.DictReader(out.open()))
    assert [r["id"] for r in rows] == [a[0] for a in ads]
    got = {r["id"]: int(r["cluster_id"]) for r in rows}
    assert _groups(got) == _groups(truth)
    for r in rows:
        expected = sum(1 for v in truth.values() if v == truth[r["id"]])
        assert int(r["cluster_size"]) == expected
    tpl = list(csv.DictReader((tmp_path / "out.templates.csv").open()))
    assert len(tpl) == 4
    # formula_safe prefixes the cell with "'" because it starts with "+"
    assert {frozenset(t["phones"].lstrip("'").split(";")) for t in tpl} == {
        frozenset(p) for p in planted.values()
    }
