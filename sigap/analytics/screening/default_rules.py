"""The ruleset SIGAP ships for job-offer screening, as plain data (issue 9 §3).

An admin publishes edited copies of this structure as new versions
(``sigap.analytics.services.ruleset_publish``); every screening stores the version it used.
Shape (all keys required unless marked optional)::

    {
      "version": str,
      "thresholds": {"high": float, "medium": float, "critical_high": float},
      "warning_markers": [regex, ...],      # leaflets and news: result damped, never "high"
      "warning_min_markers": int,
      "warning_factor": float,
      "work_context": [regex, ...],          # the text is about work (rules may require it)
      "abroad_context": [regex, ...],
      "rules": [{
          "code": str, "label": {"id": str, "en": str}, "source": str,
          "weight": float, "critical": bool,  # critical: alone enough for "high"
          "kind": "red_flag" | "mitigation",
          "patterns": [regex, ...], "negatable": bool,
          "requires": [regex, ...]            # optional: counts only if one of these occurs too
          "requires_work": bool,              # optional: counts only in a text about work
      }, ...],
      "questions": [{"code": str, "label": {"id", "en"}, "rule": str}, ...],
      "salary": {"rule": str, "factor": float, "domestic_norm_idr": int,
                 "abroad_default_norm_idr": int, "skilled_factor": float,
                 "countries": [{"name": str, "pattern": regex, "norm_idr": int}],
                 "unskilled": regex, "skilled": regex,
                 "rates_idr": {currency: idr_per_unit}},
      "unlicensed_rule": str,                 # flag raised for a named company not in the P3MI list
      "licensed_rule": str,                   # mitigation for a company found in the P3MI list
    }

Regexes run on the normalised text (lower case, NFKC, runs of 3+ equal letters collapsed).
Sources: Kemnaker's red flags of fake overseas job offers (2022, in
../shared/domain/indonesia-tppo.md §3.2), the ILO indicators of forced labour (2012), the UNODC
trafficking indicators, UU 18/2017 on the protection of Indonesian migrant workers, UU 21/2007
on trafficking. Wage norms are rough monthly figures for low- and semi-skilled work (DKI Jakarta
UMP 2025 about Rp 5.4 million; published minimum or typical wages of the main placement
countries), used only to spot offers "far above the norm".
"""

_NEG_FEE = r"(biaya|bayar|uang|dana|ongkos|fee|deposit|dp)"
_FEE_ITEMS = (
    r"(pendaftaran|daftar|administrasi|admin|adm|seragam|medical|medikal|mcu|proses|"
    r"pengurusan|visa|pelatihan|training|jaminan|loa|working permit|work permit|formulir|"
    r"registrasi|registration|processing|booking|pemberangkatan|keberangkatan|penempatan|"
    r"pembuatan paspor|paspor|sertifikat|asuransi|tiket|akomodasi)"
)

DEFAULT_RULESET: dict = {
    "version": "2026.12-2",
    "thresholds": {"high": 5.0, "medium": 3.0, "critical_high": 4.0},
    "warning_min_markers": 2,
    "warning_factor": 0.5,
    "warning_markers": [
        r"\bwaspada",
        r"\bhati[- ]?hati\b",
        r"\bawas\b",
        r"\bjangan (mudah |sampai |langsung )?(tergiur|percaya|tertipu|terjebak|terbujuk)",
        r"\bciri[- ]ciri\b",
        r"\btanda[- ]tanda\b",
        r"\bmodus (penipuan|tppo|perdagangan|perekrutan)",
        r"\blaporkan\b",
        r"\b(imbauan|himbauan|sosialisasi|edukasi|leaflet|brosur pencegahan)\b",
        r"\bbeware\b",
        r"\bbe careful\b",
        r"\bwarning signs?\b",
        r"\bred flags?\b",
        r"\b(tersangka|ditangkap|diamankan polisi|dipulangkan|dideportasi|direpatriasi)\b",
        r"\b(polres|polda|bareskrim|kepolisian)\b",
        r"\bkorban (tppo|perdagangan orang)\b",
    ],
    "work_context": [
        r"\b(kerja|bekerja|pekerjaan|lowongan|loker|gaji|digaji|upah|job|jobs|work|working|"
        r"salary|vacancy|hiring|dibutuhkan|butuh|rekrut|merekrut|recruit|karyawan|pegawai|"
        r"tenaga kerja|pmi|tki|tkw|magang|internship|posisi|position)\b",
    ],
    "abroad_context": [
        r"\b(luar negeri|ln|overseas|abroad|pmi|tki|tkw|migran|migrant|negara tujuan|"
        r"berangkat ke|terbang ke|flight to)\b",
    ],
    "rules": [
        {
            "code": "FEE_UPFRONT",
            "kind": "red_flag",
            "label": {
                "id": "Diminta membayar biaya di muka",
                "en": "Asked to pay fees up front",
            },
            "source": "UU 18/2017 Pasal 30 (PMI tidak dapat dibebani biaya penempatan); "
            "Kemnaker, ciri lowongan palsu no. 4",
            "weight": 4,
            "critical": False,
            "negatable": True,
            "patterns": [
                rf"\b{_NEG_FEE}\s+{_FEE_ITEMS}",
                r"\b(registration|processing|placement|admin(istration)?|training|medical|visa|"
                r"booking|agency)\s+fees?\b",
                r"\b(transfer|tf|kirim|setor)\s+(dulu|terlebih dahulu|di ?muka|uang|dana|biaya|"
                r"dp)\b",
                r"\bbayar\s+(di ?muka|dulu|di ?depan|terlebih dahulu)",
                r"\b(pay|send|transfer)\s+(a\s+|the\s+)?(fee|deposit|first|upfront|in advance)",
                r"\bdp\s+\d",
                r"\b(uang|biaya)\s+(jaminan|komitmen|pelicin|tanda jadi)",
                r"\bbayar\s+(biaya|ongkos|uang)\b.{0,30}\b(ke|kepada)\s+(tekong|calo|sponsor|agen|"
                r"perekrut|koordinator)",
                r"\b(biaya|bayar|ongkos)\s+(sebesar\s+|senilai\s+)?(rp\.?\s*|idr\s*)\d",
            ],
        },
        {
            "code": "FEE_PERSONAL_ACCOUNT",
            "kind": "red_flag",
            "label": {
                "id": "Pembayaran ke rekening pribadi",
                "en": "Payment to a personal account",
            },
            "source": "UU 18/2017 Pasal 30; Kemnaker, ciri lowongan palsu no. 4 (biaya ke "
            "rekening pribadi)",
            "weight": 5,
            "critical": True,
            "negatable": True,
            "patterns": [
                r"\b(rekening|rek\.?|no\.? ?rek|norek|account|akun)\s+(pribadi|atas nama|a\.?n\.?|"
                r"personal|saya|bapak|ibu|pak|bu|mas|mbak|mba|kakak|kak|bos|boss)\b",
                r"\b(transfer|tf|kirim|setor)\b.{0,50}\b(a\.?n\.?|atas nama|pribadi|personal)\s",
                r"\b(dana|ovo|gopay|shopeepay|linkaja)\b.{0,15}\b0?8\d{8,}",
                r"\bpersonal (bank )?account\b",
            ],
        },
        {
            "code": "NON_WORK_VISA",
            "kind": "red_flag",
            "label": {
                "id": "Berangkat kerja dengan visa turis, kunjungan atau umrah",
                "en": "Travel for work on a tourist, visit or umrah visa",
            },
            "source": "UU 18/2017 Pasal 13 (visa kerja wajib); Kemnaker, ciri lowongan palsu no. 5",
            "weight": 5,
            "critical": True,
            "negatable": True,
            "requires_work": True,
            "patterns": [
                r"\bvisa\s+(turis|turist|tourist|wisata|pelancong|kunjungan|kunjung|visit|"
                r"ziarah|umro?h|umrah|holiday|liburan|pelajar|student|on arrival|voa)\b",
                r"\b(?<!working )(tourist|visit(or)?|umrah|umroh|holiday|travel)\s+visa\b",
                r"\b(visa on arrival|bebas visa|visa free|visa-free)\b",
                r"\b(berangkat|pakai|pake|menggunakan|dengan|lewat|via|jalur)\s+(jalur\s+|visa\s+)?"
                r"(umro?h|umrah|wisata|turis|liburan|ziarah|pelancong)\b",
                r"\b(tidak perlu|tanpa|gak perlu|ga perlu|tak perlu|nggak perlu|no need( for)?)"
                r"\s+(visa kerja|working visa|work visa|work permit|izin kerja)",
                r"\bvisa( kerja)?\s+(dibuat|diubah|dirubah|diganti|diproses|diurus|menyusul)\b.{0,15}"
                r"\b(setelah|sesudah|di)\s+(sampai|tiba|sana)",
            ],
        },
        {
            "code": "LIE_TO_IMMIGRATION",
            "kind": "red_flag",
            "label": {
                "id": "Diminta berbohong kepada petugas imigrasi",
                "en": "Told to lie to immigration officers",
            },
            "source": "UU 21/2007 Pasal 19 (keterangan palsu dokumen); Kemnaker, ciri lowongan "
            "palsu no. 5",
            "weight": 5,
            "critical": True,
            "negatable": False,
            "patterns": [
                r"\b(bilang|mengaku|ngaku|katakan|jawab|sampaikan)\b.{0,40}\b(liburan|wisata|"
                r"jalan[- ]jalan|umro?h|berlibur|holiday|turis|kunjungan keluarga|"
                r"jenguk saudara)\b",
                r"\b(tell|say to|answer)\b.{0,40}\b(holiday|tourist|vacation|visiting)\b",
                r"\bjangan\s+(bilang|bicara|kasih tahu|kasih tau|ngomong|mengaku)\b.{0,30}\b"
                r"(kerja|bekerja|mau kerja)",
                r"\b(don'?t|do not)\s+(tell|say)\b.{0,40}\b(work|job)",
            ],
        },
        {
            "code": "PASSPORT_HELD",
            "kind": "red_flag",
            "label": {
                "id": "Paspor atau dokumen identitas ditahan perekrut atau majikan",
                "en": "Passport or identity papers kept by the recruiter or employer",
            },
            "source": "ILO, indikator kerja paksa no. 8 (penahanan dokumen identitas); UNODC "
            "trafficking indicators; Kemnaker, ciri lowongan palsu no. 8",
            "weight": 5,
            "critical": True,
            "negatable": True,
            "patterns": [
                r"\b(paspor|pasport|passport|paspot|dokumen|ktp asli|ijazah asli)\b.{0,40}\b"
                r"(ditahan|disimpan|dipegang|diamankan|dititipkan|dikumpulkan|diserahkan|"
                r"dipegangkan)\b.{0,30}\b(agen|agensi|perusahaan|pt|majikan|bos|boss|kantor|"
                r"sponsor|kami|pihak|perekrut|tekong|calo|mandor)",
                r"\b(paspor|passport|pasport)\b.{0,25}\b(ditahan|disita)\b",
                r"\b(serahkan|kumpulkan|titipkan|menyerahkan|tinggalkan)\s+(paspor|passport|pasport|"
                r"ktp asli|ijazah asli)",
                r"\b(employer|agent|agency|company|we|boss)\s+(will\s+)?(keep|hold|retain)s?\s+"
                r"(your\s+|the\s+)?(passport|documents)",
                r"\b(passport|documents)\b.{0,20}\b(kept|held|retained|confiscated)\b",
            ],
        },
        {
            "code": "RISKY_DESTINATION",
            "kind": "red_flag",
            "label": {
                "id": "Tujuan bukan negara penempatan atau lokasi kompleks penipuan daring",
                "en": "Destination is not a placement country or is a scam-compound location",
            },
            "source": "Kemlu dan KP2MI: Kamboja dan Myanmar bukan negara penempatan; Kemnaker, "
            "ciri lowongan palsu no. 7",
            "weight": 5,
            "critical": True,
            "negatable": True,
            "requires_work": True,
            "patterns": [
                r"\b(kamboja|kamboj|cambodia|cambodja|phnom ?penh|sihanouk(ville)?|poipet|bavet|"
                r"myanmar|myawaddy|myawadi|burma|shwe ?kokko|kk park|laos|golden triangle|"
                r"segitiga emas|mae ?sot)\b",
            ],
        },
        {
            "code": "TRANSIT_ROUTE",
            "kind": "red_flag",
            "label": {
                "id": "Rute tidak langsung atau jalur tidak resmi",
                "en": "Indirect route or unofficial crossing",
            },
            "source": "Kemnaker, ciri lowongan palsu no. 7; UNODC trafficking indicators",
            "weight": 2,
            "critical": False,
            "negatable": True,
            "patterns": [
                r"\b(transit|singgah|lewat|via|melalui|nyebrang|menyeberang|lanjut)\b.{0,25}\b"
                r"(bangkok|mae ?sot|batam|tanjung ?pinang|tanjungpinang|entikong|nunukan|tawau|"
                r"jalur darat|jalan darat|jalur laut|speed ?boat|kapal kecil|jalur belakang|"
                r"jalan tikus|pelabuhan tikus)\b",
                r"\b(jalur tikus|jalan tikus|pelabuhan tikus|jalur belakang|jalur tidak resmi|"
                r"lewat hutan|menyeberang sungai|nyebrang sungai)\b",
                r"\b(overland|by land|cross(ing)? the (river|border))\b",
                r"\b(lanjut|diteruskan|dilanjutkan)\s+(jalan darat|naik mobil|naik van|perjalanan "
                r"darat)",
            ],
        },
        {
            "code": "MINOR_RECRUIT",
            "kind": "red_flag",
            "label": {
                "id": "Merekrut anak di bawah 18 tahun atau mengubah umur",
                "en": "Recruits children under 18 or alters ages",
            },
            "source": "UU 18/2017 Pasal 5 huruf a (PMI minimal 18 tahun); UU 21/2007 Pasal 1 "
            "angka 5 (anak); Kemnaker, ciri lowongan palsu no. 9",
            "weight": 5,
            "critical": True,
            "negatable": True,
            "patterns": [
                r"\b(usia|umur|age|ages|aged)\s*:?\s*(min(imal|imum|\.)?\s*:?\s*)?(1[2-7])\s*"
                r"(th|thn|tahun|years?|yo)?\s*(-|–|s/?d|sampai|hingga|to|ke ?atas|\+|keatas)",
                r"\b(usia|umur)\s+(1[2-7])\s*(tahun|thn|th)?\s+(boleh|bisa|diterima|ok)",
                r"\b(di ?bawah|dibawah|kurang dari|belum)\s+(umur\s+|usia\s+)?(17|18)\s*(tahun|thn)?"
                r"\b.{0,30}\b(boleh|bisa|diterima|ok|welcome)",
                r"\b(belum punya|tidak perlu|tanpa|gak perlu|ga perlu)\s+ktp\b",
                r"\b(umur|usia|data umur|tahun lahir|akta|akte)\b.{0,20}\b(bisa diatur|dituakan|"
                r"diubah|dipalsukan|dinaikkan|dibuat lebih tua)\b",
                r"\b(anak|pelajar|siswa|siswi)\s+(sekolah\s+|smp\s+|sma\s+)?(boleh|bisa|diterima)\b",
                r"\b(under\s*18|underage|minors? (welcome|accepted|ok))\b",
            ],
        },
        {
            "code": "DEBT_BONDAGE",
            "kind": "red_flag",
            "label": {
                "id": "Biaya menjadi utang yang dipotong dari gaji (jeratan utang)",
                "en": "Costs become a debt deducted from wages (debt bondage)",
            },
            "source": "UU 21/2007 Pasal 1 angka 15 (penjeratan utang); ILO, indikator kerja "
            "paksa no. 9 (jeratan utang)",
            "weight": 5,
            "critical": True,
            "negatable": True,
            "patterns": [
                r"\b(potong|dipotong|memotong|potongan|pemotongan)\s+(dari\s+|langsung\s+)?(gaji|upah|"
                r"salary|bayaran)",
                r"\b(gaji|upah)\b.{0,25}\b(dipotong|potong|dicicil)\b",
                r"\b(biaya|ongkos|tiket|utang|hutang)\b.{0,40}\b(diganti|dicicil|dikembalikan|"
                r"dibayar|dilunasi)\b.{0,20}\b(dari|lewat|melalui|dengan|pakai)\s+(gaji|upah|kerja)",
                r"\b(utang|hutang|kasbon|pinjaman|ganti rugi|denda|penalty|pinalti|penalti|"
                r"kompensasi)\b.{0,50}\b(jika|kalau|kalo|bila|apabila|if)\b.{0,25}\b(berhenti|"
                r"pulang|kabur|keluar|resign|quit|leave|mundur)",
                r"\b(deducted from (your |the )?(salary|wages?|pay)|salary deductions?|work off "
                r"(the|your) debt|repay(ment)? (from|through|out of) (your )?(salary|wages?))",
                r"\b(talangan|ditalangi|dipinjami dulu|dipinjamkan dulu|dana talang)\b",
                r"\b(kerja|bekerja)\s+(tanpa gaji|tidak digaji)\b.{0,30}\b(bulan|untuk melunasi)",
            ],
        },
        {
            "code": "ALL_COSTS_PAID",
            "kind": "red_flag",
            "label": {
                "id": "Semua biaya dijanjikan gratis atau ditanggung",
                "en": "Promise that everything is free or paid",
            },
            "source": "Kemnaker, ciri lowongan palsu no. 4 (biaya ditanggung lalu ditagih sebagai "
            "utang)",
            "weight": 1,
            "critical": False,
            "negatable": False,
            "patterns": [
                r"\b(semua|seluruh|full)\s+(biaya|ongkos)\s+(ditanggung|dibayar|dibayarin|gratis|"
                r"free)",
                r"\b(free|gratis)\s+(tiket|tiket pesawat|visa|paspor|akomodasi|mess|makan|"
                r"keberangkatan|berangkat)",
                r"\b(tiket|visa|paspor)\b.{0,20}\b(gratis|ditanggung|free)\b",
                r"\ball (costs|expenses|fees) (paid|covered)",
            ],
        },
        {
            "code": "UNLICENSED_AGENCY",
            "kind": "red_flag",
            "label": {
                "id": "Perekrut tidak berizin atau tidak lewat jalur resmi",
                "en": "Unlicensed recruiter or no official channel",
            },
            "source": "UU 18/2017 Pasal 49-53 (P3MI wajib berizin); Kemnaker, ciri lowongan palsu "
            "no. 1 (tidak terdaftar di SISKOP2MI)",
            "weight": 3,
            "critical": False,
            "negatable": False,
            "patterns": [
                r"\b(tanpa|tidak perlu|tak perlu|gak perlu|ga perlu|nggak perlu|no need( to)?)\s+"
                r"(lewat\s+|melalui\s+|ke\s+|daftar\s+(di\s+|ke\s+)?|go through\s+)?(pt|p3mi|pjtki|"
                r"bp2mi|kp2mi|disnaker|dinas|agen resmi|agency|izin|ijin|sertifikat|blk|"
                r"pelatihan resmi|siskop2mi|ltsa)\b",
                r"\b(jalur|lewat|via)\s+(mandiri|pribadi|perorangan|non ?prosedural|belakang|"
                r"kenalan|teman|calo|sponsor perorangan)\b",
                r"\b(non ?prosedural|unofficial|unlicensed|tidak berizin|tanpa izin|tidak resmi|"
                r"tak resmi)\b",
                r"\b(tanpa|tidak perlu|tak perlu|gak perlu|ga perlu|nggak perlu)\s+(paspor|passport|"
                r"dokumen)\b",
            ],
        },
        {
            "code": "CHAT_ONLY",
            "kind": "red_flag",
            "label": {
                "id": "Hanya lewat chat atau media sosial, tanpa kantor",
                "en": "Contact only by chat or social media, no office",
            },
            "source": "Kemnaker, ciri lowongan palsu no. 1",
            "weight": 1,
            "critical": False,
            "negatable": False,
            "patterns": [
                r"\b(wa\.me|t\.me)/",
                r"\b(hubungi|hub|chat|kontak|contact|wa|whatsapp|watsap|telegram|tele|dm|inbox|"
                r"japri|pm|line)\b\.?:?\s*(ke\s+|di\s+|via\s+)?(\+?\d[\d\s.-]{8,}|@\w+)",
                r"\b(minat|daftar|serius|info|tertarik)\b.{0,25}\b(dm|inbox|japri|pm|whatsapp|"
                r"telegram|wa)\b",
                r"\b(only|just)\s+(via\s+)?(whatsapp|telegram|dm|chat)\b",
                r"\b(tanpa|tidak ada|tidak punya|no)\s+(kantor|office)\b",
            ],
        },
        {
            "code": "EASY_REQUIREMENTS",
            "kind": "red_flag",
            "label": {
                "id": "Syarat sangat mudah dan proses serba cepat",
                "en": "Suspiciously light requirements and a rushed process",
            },
            "source": "Kemnaker, ciri lowongan palsu no. 2",
            "weight": 1,
            "critical": False,
            "negatable": False,
            "patterns": [
                r"\b(tanpa|tidak perlu|tak perlu|gak perlu|ga perlu|nggak perlu|no|bebas)\s+"
                r"(pengalaman|ijazah|skill|keahlian|tes|test|interview|wawancara|bahasa|"
                r"experience|kursus|pelatihan|syarat|pendidikan)",
                r"\b(langsung|cepat|segera)\s+(kerja|berangkat|terbang|diterima|proses|departure)",
                r"\bproses\s+(cepat|kilat|singkat|mudah|\d+\s*hari)",
                r"\bberangkat\s+(minggu|hari|bulan)\s+(depan|ini)",
                r"\b(pasti|dijamin|100\s*%)\s+(diterima|lolos|berangkat|kerja)",
                r"\b(no experience|no skills?|fast process|guaranteed (job|placement)|"
                r"no interview)",
                r"\b(lulusan|tamatan|lulus)\s+(sd|smp|mts)\b",
            ],
        },
        {
            "code": "SCAM_JOB",
            "kind": "red_flag",
            "label": {
                "id": "Pekerjaan khas kompleks penipuan daring",
                "en": "Job typical of online-scam compounds",
            },
            "source": "Kemlu, kasus WNI di kompleks penipuan daring (2020-2025); UNODC trafficking "
            "indicators (pekerjaan berbeda dari yang dijanjikan)",
            "weight": 2,
            "critical": False,
            "negatable": False,
            "patterns": [
                r"\b(customer service|cs|admin|operator|marketing|telemarketing|typist|data entry|"
                r"penginput data|chatting|live chat)\b.{0,25}\b(online|game|judi|slot|crypto|"
                r"kripto|trading|investasi|casino|kasino|website|aplikasi|togel)\b",
                r"\b(admin|operator|cs|marketing)\s+(judi|slot|kasino|casino|togel)\b",
                r"\b(kerja|bekerja)\s+(di\s+)?(depan\s+)?(komputer|laptop)\b.{0,40}\b(thailand|"
                r"kamboja|myanmar|filipina|laos|vietnam|cambodia)\b",
            ],
        },
        {
            "code": "NO_CONTRACT",
            "kind": "red_flag",
            "label": {
                "id": "Tidak ada perjanjian kerja tertulis sebelum berangkat",
                "en": "No written employment contract before departure",
            },
            "source": "UU 18/2017 Pasal 13 (perjanjian kerja sebelum berangkat); Kemnaker, ciri "
            "lowongan palsu no. 6",
            "weight": 2,
            "critical": False,
            "negatable": False,
            "patterns": [
                r"\b(tanpa|tidak ada|tidak perlu|belum ada|gak ada|ga ada)\s+(kontrak|perjanjian "
                r"kerja)\b",
                r"\b(kontrak|perjanjian kerja)\b.{0,30}\b(di ?sana|setelah (sampai|tiba)|"
                r"on arrival|nanti saja|menyusul)\b",
                r"\b(no|without)\s+(written\s+)?contract\b",
                r"\bcontract\b.{0,25}\b(on arrival|after arrival|when you arrive)\b",
            ],
        },
        {
            "code": "FAKE_INTERNSHIP",
            "kind": "red_flag",
            "label": {
                "id": "Kedok magang, studi atau program kampus dengan biaya atau utang",
                "en": "Internship, study or campus programme used as a cover, with fees or debt",
            },
            "source": "Kemnaker, ciri lowongan palsu no. 10; kasus ferienjob Jerman 2023 "
            "(Bareskrim)",
            "weight": 3,
            "critical": False,
            "negatable": False,
            "requires": [
                r"\b(bayar|biaya (pendaftaran|administrasi|admin|program|proses)|fee|talangan|"
                r"pinjaman|dana talang|potong gaji|dipotong|deposit|dp|uang jaminan)\b",
            ],
            "patterns": [
                r"\b(magang|internship|intern|ferien ?job|kuliah sambil kerja|kerja sambil kuliah|"
                r"beasiswa kerja|program kampus|study and work|work and study)\b",
            ],
        },
        {
            "code": "MARRIAGE_ARRANGEMENT",
            "kind": "red_flag",
            "label": {
                "id": "Perjodohan atau pengantin pesanan dengan mahar",
                "en": "Arranged or mail-order marriage with a dowry",
            },
            "source": "UU 21/2007 Pasal 2; Kemnaker, ciri lowongan palsu no. 10",
            "weight": 5,
            "critical": True,
            "negatable": True,
            "patterns": [
                r"\b(pengantin pesanan|kawin kontrak|nikah kontrak|dijodohkan|perjodohan|dinikahkan|"
                r"mail.?order bride|cari istri|mencari istri|calon istri|jodoh)\b.{0,80}\b(china|"
                r"tiongkok|taiwan|cina|korea|asing|luar negeri|wna|mahar|uang)\b",
                r"\b(mahar|uang mahar|dowry)\b.{0,40}\b(juta|rp|\d)",
            ],
        },
        {
            "code": "SEXUAL_EXPLOITATION_RISK",
            "kind": "red_flag",
            "label": {
                "id": "Pekerjaan hiburan malam atau 'menemani tamu'",
                "en": "Nightlife work or 'accompanying guests'",
            },
            "source": "UU 21/2007 Pasal 1 angka 8 (eksploitasi seksual); UNODC indicators for "
            "sexual exploitation",
            "weight": 3,
            "critical": False,
            "negatable": True,
            "requires_work": True,
            "patterns": [
                r"\b(ladies companion|pemandu lagu|pemandu karaoke|hostess|hostes|terapis plus|"
                r"spa plus|pijat plus|escort|menemani tamu|teman minum|temani tamu|open bo)\b",
                r"\blc\b.{0,20}\b(karaoke|club|bar|tempat hiburan)",
            ],
        },
        {
            "code": "CONTROL_ISOLATION",
            "kind": "red_flag",
            "label": {
                "id": "Ponsel disita, dilarang keluar atau dirahasiakan dari keluarga",
                "en": "Phone taken, not allowed out, or kept secret from family",
            },
            "source": "ILO, indikator kerja paksa no. 3 dan 4 (pembatasan gerak, isolasi)",
            "weight": 3,
            "critical": False,
            "negatable": False,
            "patterns": [
                r"\b(tidak boleh|dilarang|gak boleh|ga boleh|tak boleh|nggak boleh)\s+(pegang|bawa|"
                r"memegang|membawa|pakai|menggunakan|main)\s+(hp|handphone|ponsel|telepon|hape)",
                r"\b(hp|handphone|ponsel|hape)\s+(disita|ditahan|dikumpulkan|disimpan)",
                r"\b(tidak boleh|dilarang|gak boleh|ga boleh|tak boleh)\s+(keluar|pulang|libur|"
                r"keluar mess|keluar asrama)",
                r"\b(rahasiakan|jangan (bilang|cerita|kasih tahu|kasih tau|beritahu)\s+(ke\s+|"
                r"kepada\s+)?(keluarga|orang ?tua|siapa))",
                r"\b(no phones? allowed|phones? (are |will be )?(collected|confiscated)|"
                r"cannot leave|not allowed to leave)\b",
                r"\b(dikunci|dikurung|disekap|dikerangkeng|terkunci di dalam|tidak bisa keluar|"
                r"locked in|locked up|held captive)\b",
            ],
        },
        {
            "code": "HOLDING_HOUSE",
            "kind": "red_flag",
            "label": {
                "id": "Ditampung di penampungan sebelum berangkat",
                "en": "Kept in a holding house before departure",
            },
            "source": "Kasus penampungan calon PMI non-prosedural (Polri, Kemnaker); UNODC "
            "trafficking indicators",
            "weight": 1,
            "critical": False,
            "negatable": True,
            "patterns": [
                r"\b(ditampung|penampungan|tinggal di mess|diinapkan)\b.{0,50}\b(sebelum|sambil|"
                r"menunggu)\s+(berangkat|keberangkatan|terbang|visa|diberangkatkan)",
            ],
        },
        {
            "code": "SALARY_ABOVE_NORM",
            "kind": "red_flag",
            "label": {
                "id": "Gaji jauh di atas kewajaran untuk pekerjaan dan negaranya",
                "en": "Salary far above the norm for the job and country",
            },
            "source": "Kemnaker, ciri lowongan palsu no. 3; ILO, indikator kerja paksa no. 2 "
            "(penipuan)",
            "weight": 3,
            "critical": False,
            "negatable": False,
            "patterns": [],
        },
        {
            "code": "OFFICIAL_CHANNEL",
            "kind": "mitigation",
            "label": {
                "id": "Menyebut jalur resmi penempatan (KP2MI/BP2MI, SISKOP2MI, Disnaker, G to G)",
                "en": "Names the official placement channel (KP2MI/BP2MI, SISKOP2MI, Disnaker, G to G)",
            },
            "source": "UU 18/2017 Pasal 10-11 (penempatan lewat Pemerintah atau P3MI berizin)",
            "weight": -3,
            "critical": False,
            "negatable": True,
            "patterns": [
                r"\b(siskop2mi|sisko ?p2mi|bp2mi|kp2mi|kementerian p2mi|bp3mi|ltsa|disnaker|"
                r"dinas tenaga kerja|kemnaker|g to g|g2g|government to government|eps[- ]topik|"
                r"im japan|sipmi|karirhub|siapkerja|sisnaker)\b",
            ],
        },
        {
            "code": "WORK_VISA",
            "kind": "mitigation",
            "label": {"id": "Menggunakan visa kerja", "en": "Uses a work visa"},
            "source": "UU 18/2017 Pasal 13",
            "weight": -2,
            "critical": False,
            "negatable": True,
            "patterns": [
                r"\b(visa kerja|working visa|work visa|visa e-?9|e-?9 visa|izin kerja resmi|"
                r"work permit resmi)\b(?!\s+(dibuat|diurus|diproses|menyusul|nanti|di ?sana))",
            ],
        },
        {
            "code": "LICENSED_P3MI",
            "kind": "mitigation",
            "label": {
                "id": "Perusahaan terdaftar sebagai P3MI berizin",
                "en": "Company listed as a licensed placement agency (P3MI)",
            },
            "source": "UU 18/2017 Pasal 51 (SIP3MI); daftar P3MI SISKOP2MI",
            "weight": -2,
            "critical": False,
            "negatable": False,
            "patterns": [],
        },
    ],
    "unlicensed_rule": "UNLICENSED_AGENCY",
    "licensed_rule": "LICENSED_P3MI",
    "questions": [
        {
            "code": "fee_before_departure",
            "rule": "FEE_UPFRONT",
            "label": {
                "id": "Diminta membayar biaya sebelum berangkat?",
                "en": "Asked to pay a fee before leaving?",
            },
        },
        {
            "code": "fee_personal_account",
            "rule": "FEE_PERSONAL_ACCOUNT",
            "label": {
                "id": "Pembayaran ke rekening pribadi atau dompet digital?",
                "en": "Payment to a personal bank account or e-wallet?",
            },
        },
        {
            "code": "non_work_visa",
            "rule": "NON_WORK_VISA",
            "label": {
                "id": "Berangkat dengan visa turis, kunjungan atau umrah?",
                "en": "Travelling on a tourist, visit or umrah visa?",
            },
        },
        {
            "code": "told_to_lie",
            "rule": "LIE_TO_IMMIGRATION",
            "label": {
                "id": "Diminta mengaku berlibur kepada petugas imigrasi?",
                "en": "Told to say you are on holiday to immigration?",
            },
        },
        {
            "code": "passport_held",
            "rule": "PASSPORT_HELD",
            "label": {
                "id": "Paspor akan dipegang perekrut atau majikan?",
                "en": "Will the recruiter or employer keep your passport?",
            },
        },
        {
            "code": "destination_not_placement",
            "rule": "RISKY_DESTINATION",
            "label": {
                "id": "Tujuan Kamboja, Myanmar, Laos atau lewat Thailand ke negara itu?",
                "en": "Going to Cambodia, Myanmar, Laos, or through Thailand to them?",
            },
        },
        {
            "code": "under_18",
            "rule": "MINOR_RECRUIT",
            "label": {
                "id": "Yang direkrut berusia di bawah 18 tahun?",
                "en": "Is the recruit under 18?",
            },
        },
        {
            "code": "salary_deduction",
            "rule": "DEBT_BONDAGE",
            "label": {
                "id": "Biaya akan dipotong dari gaji atau menjadi utang?",
                "en": "Will costs be deducted from wages or become a debt?",
            },
        },
        {
            "code": "no_contract",
            "rule": "NO_CONTRACT",
            "label": {
                "id": "Belum ada perjanjian kerja tertulis sebelum berangkat?",
                "en": "No written contract before departure?",
            },
        },
        {
            "code": "chat_only",
            "rule": "CHAT_ONLY",
            "label": {
                "id": "Perekrut hanya bisa dihubungi lewat chat atau media sosial?",
                "en": "Recruiter only reachable by chat or social media?",
            },
        },
        {
            "code": "agency_not_registered",
            "rule": "UNLICENSED_AGENCY",
            "label": {
                "id": "Perusahaan tidak terdaftar di SISKOP2MI?",
                "en": "Company not listed in SISKOP2MI?",
            },
        },
        {
            "code": "indirect_route",
            "rule": "TRANSIT_ROUTE",
            "label": {
                "id": "Rute lewat negara lain atau jalur darat/laut tidak resmi?",
                "en": "Route through another country or an unofficial land/sea crossing?",
            },
        },
    ],
    "salary": {
        "rule": "SALARY_ABOVE_NORM",
        "factor": 2.0,
        "skilled_factor": 12.0,
        "domestic_norm_idr": 5_500_000,
        "abroad_default_norm_idr": 15_000_000,
        "keywords": r"\b(gaji|gajian|digaji|salary|sallary|salery|upah|pendapatan|penghasilan|"
        r"income|take home|thp|bayaran|gj|pay|wage|wages|earn)\b",
        "unskilled": r"\b(admin|operator|cs|customer service|pabrik|factory|buruh|art|prt|"
        r"asisten rumah tangga|pembantu|pelayan|waiter|waitress|cleaning|cleaner|packing|"
        r"sopir|driver|marketing|data entry|typist|penjaga|kebun|perkebunan|sawit|abk|"
        r"kapal|helper|caregiver|perawat lansia|baby ?sitter|spg|karyawan|staff|staf)\b",
        "skilled": r"\b(dokter|doctor|engineer|insinyur|programmer|developer|manager|manajer|"
        r"pilot|analis|analyst|akuntan|accountant|perawat|nurse|arsitek|konsultan)\b",
        "countries": [
            {
                "name": "Malaysia",
                "pattern": r"\b(malaysia|kuala lumpur|johor|sabah|sarawak)\b",
                "norm_idr": 6_000_000,
            },
            {"name": "Singapura", "pattern": r"\b(singapura|singapore)\b", "norm_idr": 10_000_000},
            {"name": "Hong Kong", "pattern": r"\b(hong ?kong|hk)\b", "norm_idr": 9_000_000},
            {"name": "Taiwan", "pattern": r"\b(taiwan|taipei)\b", "norm_idr": 14_000_000},
            {
                "name": "Korea Selatan",
                "pattern": r"\b(korea|korsel|seoul)\b",
                "norm_idr": 28_000_000,
            },
            {
                "name": "Jepang",
                "pattern": r"\b(jepang|japan|tokyo|osaka)\b",
                "norm_idr": 22_000_000,
            },
            {
                "name": "Timur Tengah",
                "pattern": r"\b(arab saudi|saudi|uae|dubai|abu dhabi|qatar|"
                r"kuwait|oman|bahrain|yordania|jordan|turki|turkey|irak|iraq|suriah|syria)\b",
                "norm_idr": 8_000_000,
            },
            {
                "name": "Asia Tenggara daratan",
                "pattern": r"\b(kamboja|cambodia|myanmar|laos|"
                r"thailand|bangkok|vietnam|filipina|philippines|phnom ?penh)\b",
                "norm_idr": 6_000_000,
            },
            {
                "name": "Australia/Selandia Baru",
                "pattern": r"\b(australia|new zealand|"
                r"selandia baru)\b",
                "norm_idr": 35_000_000,
            },
            {
                "name": "Eropa",
                "pattern": r"\b(eropa|europe|jerman|germany|polandia|poland|"
                r"belanda|netherlands|inggris|uk|spanyol|italia|italy|prancis|france|rumania|"
                r"romania|ceko|hungaria)\b",
                "norm_idr": 25_000_000,
            },
            {
                "name": "Amerika",
                "pattern": r"\b(amerika|usa|america|kanada|canada)\b",
                "norm_idr": 35_000_000,
            },
        ],
        "rates_idr": {
            "idr": 1,
            "usd": 16_000,
            "myr": 3_500,
            "sgd": 12_000,
            "twd": 500,
            "hkd": 2_000,
            "jpy": 105,
            "krw": 11.5,
            "sar": 4_300,
            "aed": 4_400,
            "thb": 450,
            "eur": 17_500,
            "aud": 10_500,
            "gbp": 20_000,
            "cny": 2_200,
            "qar": 4_400,
            "kwd": 52_000,
        },
    },
}
