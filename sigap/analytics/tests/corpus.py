"""Job-offer corpus for the screening tests (issue 9 §3), written for SIGAP: synthetic texts in
Indonesian, English, mixed, slang and typos. Every name, number and company is invented.

Each entry: ``(id, high, expected_flags, text)``. ``high`` is whether a person should see
"high"; ``expected_flags`` are codes that must be among the flags (a subset). Half carry red
flags of many kinds, half are legitimate, including near-misses that mention fees, money or
work abroad (licensed P3MI with a work visa, G-to-G, real internships, warning leaflets, news).
"""

LICENSED = [
    "PT Maju Jaya Sentosa",
    "PT Bina Karya Insani",
    "PT Amanah Tenaga Mandiri",
    "PT Cahaya Harapan Bangsa",
]

CORPUS = [
    # --- red flags ------------------------------------------------------------------------
    (
        "r01",
        True,
        ["RISKY_DESTINATION", "SCAM_JOB"],
        "LOKER CS ONLINE KAMBOJA!! Gaji 18-25jt/bln, mess + makan gratis, tiket ditanggung. "
        "Tanpa pengalaman, yg penting bisa ngetik. Minat? DM aja kak",
    ),
    (
        "r02",
        True,
        ["RISKY_DESTINATION"],
        "Dicari 10 orang admin game online untuk perusahaan di Sihanoukville. Berangkat minggu "
        "depan, semua biaya ditanggung bos, nanti potong gaji 3 bulan pertama.",
    ),
    (
        "r03",
        True,
        ["SCAM_JOB", "TRANSIT_ROUTE"],
        "Lowongan marketing crypto di Thailand, gaji USD 1500 per bulan. Terbang ke Bangkok, lalu "
        "lanjut jalan darat ke kantor di perbatasan. Visa turis dulu, work permit diurus di sana.",
    ),
    (
        "r04",
        True,
        ["RISKY_DESTINATION", "PASSPORT_HELD"],
        "Kerja di Myawaddy sebagai operator chatting, gaji 20 juta. Paspor dipegang perusahaan "
        "untuk keamanan. Hubungi Telegram @rekrut_asia",
    ),
    (
        "r05",
        True,
        ["RISKY_DESTINATION"],
        "Hiring customer service for a company in Phnom Penh, salary $2000/month, no experience "
        "needed, free flight ticket and accommodation. Contact only via Telegram.",
    ),
    (
        "r06",
        True,
        ["RISKY_DESTINATION", "FEE_UPFRONT"],
        "Butuh typist data entry di Laos, gaji 1.200 USD. Biaya pendaftaran Rp 2.500.000 "
        "dibayar dulu sebelum tiket dikirim. Proses cepat 7 hari.",
    ),
    (
        "r07",
        True,
        ["NON_WORK_VISA"],
        "Dibutuhkan ART untuk majikan di Arab Saudi, berangkat dengan visa umroh, nanti di sana "
        "langsung kerja. Gaji 6 juta, proses cepat, tidak perlu lewat PT.",
    ),
    (
        "r08",
        True,
        ["NON_WORK_VISA"],
        "Lowker PRT Dubai. Berangkat pake visa kunjungan, visa kerja dibuat setelah sampai. "
        "Syarat: wanita 21-40 thn. Gratis semua biaya.",
    ),
    (
        "r09",
        True,
        ["LIE_TO_IMMIGRATION"],
        "Kerja di Malaysia jaga toko, gaji RM 2500. Berangkat lewat Batam pakai paspor biasa, "
        "kalau ditanya imigrasi bilang saja mau liburan ke rumah saudara.",
    ),
    (
        "r10",
        True,
        ["NON_WORK_VISA"],
        "Ada lowongan cleaning service di Turki, pakai tourist visa dulu ya, nanti majikan yang "
        "urus izinnya. Gaji 15 jt. Info japri.",
    ),
    (
        "r11",
        True,
        ["FEE_PERSONAL_ACCOUNT"],
        "Lowongan operator pabrik Korea tanpa tes bahasa! Biaya administrasi 7,5 juta transfer ke "
        "rekening BCA a.n. Sri Wahyuni. Setelah transfer langsung dapat jadwal terbang.",
    ),
    (
        "r12",
        True,
        ["FEE_PERSONAL_ACCOUNT", "FEE_UPFRONT"],
        "Kirim DP 3 jt utk proses visa kerja Jepang ke norek pribadi saya ya kak, sisanya dibayar "
        "setelah berangkat. Gaji 35 juta sebulan kerja di pabrik.",
    ),
    (
        "r13",
        True,
        ["FEE_UPFRONT"],
        "Program kerja ke Polandia, gaji 30jt/bln buat packing gudang. Biaya medical + visa Rp "
        "15.000.000, bayar di muka. Hub WA 0813 2222 1111",
    ),
    (
        "r14",
        True,
        ["FEE_PERSONAL_ACCOUNT"],
        "Dapatkan pekerjaan di kapal pesiar! Uang jaminan Rp 4 juta transfer via DANA 081299998888 "
        "atas nama pak Joko. Tanpa ijazah, langsung berangkat.",
    ),
    (
        "r15",
        True,
        ["PASSPORT_HELD"],
        "Dicari pekerja kebun sawit di Sabah. Paspor akan disimpan oleh agen selama kontrak supaya "
        "aman. Gaji dipotong untuk biaya tiket.",
    ),
    (
        "r16",
        True,
        ["PASSPORT_HELD"],
        "Job offer: factory worker in Malaysia. The employer will keep your passport during the "
        "contract. Salary RM 1800, deductions for the levy and agency fee from your wages.",
    ),
    (
        "r17",
        True,
        ["PASSPORT_HELD", "CONTROL_ISOLATION"],
        "Kerja di restoran Taiwan, serahkan paspor ke kantor saat tiba, HP dikumpulkan selama jam "
        "kerja, tidak boleh keluar mess kecuali hari Minggu dengan izin.",
    ),
    (
        "r18",
        True,
        ["MINOR_RECRUIT"],
        "Dicari SPG untuk event di Batam, usia 16-23 tahun, gaji 8 juta seminggu, tanpa pengalaman. "
        "Tidak perlu KTP, umur bisa diatur.",
    ),
    (
        "r19",
        True,
        ["MINOR_RECRUIT"],
        "Butuh pelayan cafe di Malaysia, lulusan SMP boleh, usia 15 tahun ke atas, tiket "
        "ditanggung, langsung berangkat dari Pontianak lewat Entikong.",
    ),
    (
        "r20",
        True,
        ["MINOR_RECRUIT"],
        "Recruiting girls aged 17+ for hostess work in a karaoke club in Kuala Lumpur, minors "
        "welcome, we arrange documents.",
    ),
    (
        "r21",
        True,
        ["DEBT_BONDAGE"],
        "Kerja ABK kapal ikan Taiwan, semua biaya ditalangi agen, dipotong dari gaji 8 bulan. "
        "Kalau berhenti sebelum kontrak selesai wajib bayar denda 50 juta.",
    ),
    (
        "r22",
        True,
        ["DEBT_BONDAGE"],
        "Lowongan caregiver Jepang. Tidak ada biaya di depan, tapi ongkos pelatihan dan tiket "
        "dicicil dari gaji selama 2 tahun. Kalau kabur, keluarga harus ganti rugi.",
    ),
    (
        "r23",
        True,
        ["DEBT_BONDAGE"],
        "Work in a Malaysian plantation. We pay your ticket and fees, you work off the debt from "
        "your salary; a penalty of RM 5000 applies if you quit early.",
    ),
    (
        "r24",
        True,
        ["FAKE_INTERNSHIP"],
        "Program magang ke Jepang untuk mahasiswa! Biaya program 25 juta bisa pakai dana talangan, "
        "nanti dipotong dari gaji. Tanpa tes bahasa, berangkat bulan depan.",
    ),
    (
        "r25",
        True,
        ["FAKE_INTERNSHIP"],
        "Ferienjob Jerman untuk mahasiswa semester 5, dapat SKS. Bayar biaya pendaftaran 150 ribu "
        "dan pinjaman tiket dipotong gaji. Kerja angkat barang di gudang. Visa pelajar saja.",
    ),
    (
        "r26",
        True,
        ["FAKE_INTERNSHIP"],
        "Kuliah sambil kerja di Taiwan, semua biaya ditalangi, bayar deposit 10 juta ke rekening "
        "pribadi koordinator kampus. Kerja pabrik 12 jam sehari.",
    ),
    (
        "r27",
        True,
        ["MARRIAGE_ARRANGEMENT"],
        "Dicari gadis usia 18-25 untuk dijodohkan dengan pria Tiongkok, mahar 30 juta untuk "
        "keluarga, biaya berangkat ditanggung, tidak perlu bisa bahasa.",
    ),
    (
        "r28",
        True,
        ["MARRIAGE_ARRANGEMENT"],
        "Mau hidup enak? Nikah dengan WNA Taiwan, keluarga terima uang mahar Rp 50jt, berangkat "
        "pakai visa kunjungan, hubungi mak comblang via WA 0857 1234 0000.",
    ),
    (
        "r29",
        True,
        ["SEXUAL_EXPLOITATION_RISK"],
        "Loker LC karaoke di Kuala Lumpur, gaji 25jt + tips, temani tamu minum. Berangkat "
        "lewat Batam, tiket gratis, tanpa pengalaman.",
    ),
    (
        "r30",
        True,
        ["SEXUAL_EXPLOITATION_RISK"],
        "Dibutuhkan terapis spa plus di Bali dan Macau, gaji 20 juta, usia 17 tahun ke atas boleh, "
        "mess disediakan, HP disimpan manajer.",
    ),
    (
        "r31",
        True,
        ["TRANSIT_ROUTE"],
        "Kerja di perkebunan Tawau, berangkat dari Nunukan naik speedboat lewat jalur tikus, tidak "
        "perlu paspor dulu. Bayar ongkos 3 juta ke tekong.",
    ),
    (
        "r32",
        True,
        ["TRANSIT_ROUTE", "UNLICENSED_AGENCY"],
        "Ke Malaysia jalur belakang lewat Tanjung Pinang, proses kilat, tanpa lewat BP2MI. Gaji "
        "RM 3000, biaya jalan 6 juta bayar dulu.",
    ),
    (
        "r33",
        True,
        ["NON_WORK_VISA", "TRANSIT_ROUTE"],
        "Job in Cambodia: fly to Bangkok on a tourist visa, then cross the border overland; "
        "salary USD 1800 for customer service. Don't tell immigration you are going to work.",
    ),
    (
        "r34",
        True,
        ["LIE_TO_IMMIGRATION"],
        "Nanti di bandara jangan bilang mau kerja ya, ngaku saja jalan-jalan ke Singapura. Kerja "
        "di restoran gaji 18 juta, tiket dan visa gratis.",
    ),
    (
        "r35",
        True,
        ["PASSPORT_HELD", "NO_CONTRACT"],
        "Lowongan PRT Hong Kong, kontrak ditandatangani setelah tiba di sana, paspor dititipkan ke "
        "agen, gaji 12 juta, biaya penempatan dipotong gaji 7 bulan.",
    ),
    (
        "r36",
        True,
        ["NO_CONTRACT", "DEBT_BONDAGE"],
        "Kerja di kapal ikan Korea tanpa kontrak, langsung berangkat, gaji 35 jt per bulan tapi "
        "dipotong 5 bulan untuk ongkos. Cukup bawa KTP.",
    ),
    (
        "r37",
        True,
        ["FEE_UPFRONT", "CHAT_ONLY"],
        "URGENT HIRING!!! Warehouse staff in UK, salary £2500/month, visa sponsorship. Pay a "
        "processing fee of 8 million rupiah first. WhatsApp only: +62 812 7777 6666. No office.",
    ),
    (
        "r38",
        True,
        ["RISKY_DESTINATION", "SCAM_JOB"],
        "Need admin for online casino in Myanmar, salary 25 million rupiah, free ticket, fast "
        "process, no interview. DM for details.",
    ),
    (
        "r39",
        True,
        ["NON_WORK_VISA"],
        "loker jd art di saudi, gj 7jtan, brgkt pk visa ziarah, gratiss smua biaya, gausah lewat "
        "pt ribet, japri aja sis",
    ),
    (
        "r40",
        True,
        ["FEE_PERSONAL_ACCOUNT"],
        "lowongan kerja ke jepang gaji 40jt sebulan kerja pabrik, syarat mudah, tf biaya admin "
        "ke rek pribadi sy 2jt aja, lgsg brgkt",
    ),
    (
        "r41",
        True,
        ["RISKY_DESTINATION"],
        "Peluang emas! Kerja di KK Park sebagai marketing aplikasi investasi. Gaji 15-30 jt. "
        "Tiket pesawat ditanggung. Usia 18-30. Langsung kerja.",
    ),
    (
        "r42",
        True,
        ["HOLDING_HOUSE", "UNLICENSED_AGENCY"],
        "Calon pekerja ditampung dulu di rumah kami di Bekasi sambil menunggu visa, tidak boleh "
        "keluar rumah. Jalur mandiri, tidak perlu daftar ke Disnaker. Tujuan Irak.",
    ),
    (
        "r43",
        True,
        ["FEE_UPFRONT", "UNLICENSED_AGENCY"],
        "PT Sinar Abadi Global membuka lowongan ke Taiwan, bayar biaya proses 20 juta sebelum "
        "berangkat, gaji 30 jt sebulan, tanpa pengalaman.",
    ),
    (
        "r44",
        True,
        ["CONTROL_ISOLATION", "NON_WORK_VISA"],
        "Kerja di Oman sebagai pembantu, berangkat dengan visa wisata, rahasiakan dari keluarga "
        "sampai kamu tiba, HP disita majikan sebulan pertama.",
    ),
    # --- legitimate and near-misses ------------------------------------------------------
    (
        "l01",
        False,
        [],
        "PT Maju Jaya Sentosa, P3MI resmi terdaftar di SISKOP2MI, membuka lowongan operator "
        "pabrik ke Taiwan. Visa kerja, gaji NT$ 27.470 per bulan sesuai perjanjian kerja, tanpa "
        "dipungut biaya penempatan. Pendaftaran di LTSA Disnaker.",
    ),
    (
        "l02",
        False,
        [],
        "Program G to G Korea Selatan (EPS-TOPIK) tahun 2026: pendaftaran lewat KP2MI, ujian bahasa "
        "Korea, gaji sekitar 2.100.000 won per bulan. Waspadai calo yang meminta biaya.",
    ),
    (
        "l03",
        False,
        [],
        "Lowongan perawat ke Jepang melalui program G to G (IM Japan dan BP2MI). Gaji sekitar 200.000 "
        "yen per bulan, pelatihan bahasa gratis, visa kerja diurus pemerintah.",
    ),
    (
        "l04",
        False,
        [],
        "PT Bina Karya Insani (SIP3MI berlaku) menempatkan pekerja rumah tangga ke Hong Kong dengan "
        "visa kerja dan kontrak yang ditandatangani di Disnaker sebelum berangkat. Gaji HKD 4.990.",
    ),
    (
        "l05",
        False,
        [],
        "Dibutuhkan kasir minimarket di Jakarta Pusat, gaji UMP Rp 5.396.761, BPJS, lulusan SMA. "
        "Lamaran dikirim ke kantor cabang Jl. Kramat Raya, tidak dipungut biaya apa pun.",
    ),
    (
        "l06",
        False,
        [],
        "Bank Sentosa membuka program management trainee, gaji Rp 9 juta, penempatan seluruh "
        "Indonesia. Proses seleksi tidak dipungut biaya. Waspada penipuan mengatasnamakan bank.",
    ),
    (
        "l07",
        False,
        [],
        "WASPADA lowongan kerja palsu! Ciri-cirinya: diminta transfer biaya administrasi ke "
        "rekening pribadi, berangkat dengan visa turis atau umrah, paspor ditahan agen, tujuan "
        "Kamboja atau Myanmar. Laporkan ke SAPA 129 atau Gugus Tugas TPPO Jakarta Pusat.",
    ),
    (
        "l08",
        False,
        [],
        "Beware of fake job offers: recruiters who ask for a processing fee, tell you to travel on a "
        "tourist visa, or keep your passport are red flags. Check the company on SISKOP2MI.",
    ),
    (
        "l09",
        False,
        [],
        "Polres Metro Jakarta Pusat menangkap dua tersangka yang merekrut 12 warga untuk bekerja di "
        "Kamboja sebagai operator judi online. Para korban dijanjikan gaji 15 juta dan berangkat "
        "dengan visa turis. Korban telah dipulangkan.",
    ),
    (
        "l10",
        False,
        [],
        "Sebanyak 25 PMI non-prosedural dideportasi dari Malaysia lewat Nunukan. Mereka berangkat "
        "lewat jalur tikus tanpa dokumen, kata Kepala BP3MI. Polda Kaltara menyelidiki perekrutnya.",
    ),
    (
        "l11",
        False,
        [],
        "Program magang Kampus Merdeka di Kementerian Sosial: uang saku Rp 2,8 juta per bulan, "
        "tanpa biaya pendaftaran, seleksi melalui laman resmi.",
    ),
    (
        "l12",
        False,
        [],
        "Magang ke Jepang lewat program pemagangan Kemnaker (IM Japan): pelatihan 4 bulan di BLK, "
        "tanpa dipungut biaya, uang saku dari perusahaan penerima.",
    ),
    (
        "l13",
        False,
        [],
        "Paket umroh plus Turki 12 hari, Rp 38 juta, berangkat dari Jakarta bersama ustaz "
        "pembimbing, visa umroh dan tiket termasuk. Travel resmi berizin Kemenag.",
    ),
    (
        "l14",
        False,
        [],
        "Paket wisata Bangkok-Pattaya 5 hari, visa on arrival tidak perlu untuk WNI, harga mulai "
        "Rp 6 juta termasuk hotel dan tiket pesawat.",
    ),
    (
        "l15",
        False,
        [],
        "Job fair Disnaker Jakarta Pusat di Gelanggang Remaja Kemayoran, 40 perusahaan, gratis, "
        "bawa CV dan fotokopi ijazah.",
    ),
    (
        "l16",
        False,
        [],
        "Dicari dokter spesialis anak untuk RS swasta di Jakarta, gaji Rp 60 juta per bulan, STR "
        "dan SIP wajib, kontrak 2 tahun.",
    ),
    (
        "l17",
        False,
        [],
        "Lowongan software engineer di Singapura, salary SGD 7,000 per month, work visa (Employment "
        "Pass) sponsored, interview online, apply on the company website.",
    ),
    (
        "l18",
        False,
        [],
        "PT Amanah Tenaga Mandiri mencari caregiver lansia ke Taiwan. Biaya penempatan ditanggung "
        "pemberi kerja sesuai UU 18/2017, pelatihan di BLK resmi, visa kerja, gaji NT$ 20.000.",
    ),
    (
        "l19",
        False,
        [],
        "Sosialisasi migrasi aman di Kelurahan Kemayoran: hati-hati tawaran kerja lewat media sosial, "
        "jangan tergiur gaji besar, cek perusahaan di SISKOP2MI dan daftar lewat Disnaker.",
    ),
    (
        "l20",
        False,
        [],
        "Leaflet: Kenali tanda-tanda lowongan kerja palsu. 1) Diminta bayar biaya pendaftaran. "
        "2) Gaji terlalu tinggi. 3) Paspor dipegang perekrut. 4) Visa kunjungan untuk bekerja. "
        "Hubungi hotline 112.",
    ),
    (
        "l21",
        False,
        [],
        "Dibutuhkan sopir ekspedisi untuk rute Jakarta-Surabaya, gaji Rp 6,5 juta + uang jalan, "
        "SIM B1 umum, pengalaman 2 tahun, interview di kantor Cakung.",
    ),
    (
        "l22",
        False,
        [],
        "Hiring: Registered nurses for hospitals in Saudi Arabia through a licensed agency, salary "
        "SAR 6,000, work visa, no placement fee, contract signed before departure at BP3MI.",
    ),
    (
        "l23",
        False,
        [],
        "Lowongan admin gudang PT Cahaya Harapan Bangsa di Cikarang, gaji Rp 5,5 juta, tidak ada "
        "biaya apa pun selama rekrutmen. Lamaran lewat email HRD.",
    ),
    (
        "l24",
        False,
        [],
        "Lowongan guru bahasa Inggris di sekolah internasional Jakarta, gaji 15 juta, minimal S1, "
        "pengalaman mengajar 2 tahun, kirim lamaran ke alamat sekolah.",
    ),
    (
        "l25",
        False,
        [],
        "Beasiswa LPDP untuk S2 di Jerman, biaya kuliah dan hidup ditanggung negara, pendaftaran "
        "gratis melalui laman resmi LPDP.",
    ),
    (
        "l26",
        False,
        [],
        "Remitansi aman untuk PMI: kirim uang ke keluarga lewat bank resmi, biaya transfer mulai "
        "Rp 15 ribu. Simpan bukti transfer.",
    ),
    (
        "l27",
        False,
        [],
        "Pekerja migran yang paspornya ditahan majikan berhak melapor ke KBRI. Menahan paspor "
        "adalah indikator kerja paksa menurut ILO. Hubungi Safe Travel Kemlu.",
    ),
    (
        "l28",
        False,
        [],
        "Skema Specified Skilled Worker (SSW) Jepang: lulus tes keterampilan dan bahasa, visa kerja "
        "tokutei ginou, gaji setara pekerja Jepang, daftar lewat SISKOP2MI.",
    ),
    (
        "l29",
        False,
        [],
        "Dibutuhkan barista untuk kafe di Menteng, gaji Rp 5,2 juta + service, shift, pengalaman "
        "diutamakan, datang langsung dengan CV.",
    ),
    (
        "l30",
        False,
        [],
        "PT Bina Karya Insani berizin KP2MI membuka lowongan welder ke Jepang, visa kerja, kontrak "
        "ditandatangani sebelum berangkat, gaji 230.000 yen.",
    ),
    (
        "l31",
        False,
        [],
        "Info dari KBRI Phnom Penh: jangan percaya tawaran kerja di Kamboja, Kamboja bukan negara "
        "tujuan penempatan PMI. Waspada modus penipuan online scam.",
    ),
    (
        "l32",
        False,
        [],
        "Pelatihan gratis menjahit di BLK Jakarta Pusat bagi warga ber-KTP DKI, ada uang transport, "
        "daftar di kantor kelurahan.",
    ),
    (
        "l33",
        False,
        [],
        "Lowongan kerja kapal pesiar melalui P3MI berizin, visa kerja C1/D, pelatihan BST di BP2IP, "
        "biaya sertifikat sesuai tarif resmi dibayar ke lembaga pelatihan, gaji USD 900.",
    ),
    (
        "l34",
        False,
        [],
        "Seminar hak pekerja migran: UU 18/2017 melarang pembebanan biaya penempatan kepada PMI "
        "untuk 10 jabatan, termasuk pekerja rumah tangga dan pengasuh.",
    ),
    (
        "l35",
        False,
        [],
        "Kami membuka kesempatan relawan di panti asuhan, tidak dibayar, tanpa biaya, jadwal "
        "fleksibel pada akhir pekan di Jakarta Pusat.",
    ),
    (
        "l36",
        False,
        [],
        "Lowongan resepsionis hotel di Bali, gaji Rp 4,5 juta, mess disediakan, bisa bahasa "
        "Inggris, lamaran melalui website hotel.",
    ),
    (
        "l37",
        False,
        [],
        "Program Government to Government ke Jerman untuk perawat (Triple Win): bahasa Jerman B1, "
        "visa kerja, gaji awal EUR 2.800, tanpa biaya penempatan.",
    ),
    (
        "l38",
        False,
        [],
        "Berita: Bareskrim membongkar sindikat ferienjob yang memberangkatkan mahasiswa ke Jerman "
        "dengan visa pelajar; para tersangka memungut biaya pendaftaran dan dana talangan.",
    ),
    (
        "l39",
        False,
        [],
        "Dicari staf administrasi untuk kantor notaris di Jakarta Pusat, gaji Rp 5,8 juta, jam kerja "
        "08.00-16.00, kirim CV ke email kantor.",
    ),
    (
        "l40",
        False,
        [],
        "Wanted: English-speaking tour guide in Yogyakarta, salary IDR 6 million per month plus "
        "tips, licence from the tourism office required.",
    ),
    (
        "l41",
        False,
        [],
        "Posko pengaduan PMI bermasalah dibuka di kantor Sudin Nakertrans Jakarta Pusat; warga "
        "bisa melaporkan calo dan perekrut ilegal tanpa biaya.",
    ),
    (
        "l42",
        False,
        [],
        "PT Maju Jaya Sentosa (SIP3MI) membuka lowongan pekerja pabrik ke Malaysia, visa kerja, "
        "gaji RM 1.700, semua biaya penempatan ditanggung majikan sesuai UU 18/2017.",
    ),
    (
        "l43",
        False,
        [],
        "Dibutuhkan tenaga kebersihan gedung perkantoran di Thamrin, gaji UMP, BPJS, lulusan SMA, "
        "usia 20-40 tahun, wawancara di kantor pusat.",
    ),
    (
        "l44",
        False,
        [],
        "Kemnaker membuka Pelatihan Berbasis Kompetensi gratis di BBPLK, bersertifikat, peserta "
        "mendapat uang saku dan konsumsi, daftar di kemnaker.go.id.",
    ),
]
