/**
 * Function words of Indonesian and English, in the standard spelling the slang table produces ("gmn" →
 * "bagaimana", "ga" → "tidak"). FAQ search ignores them; language detection counts them.
 */

/** Indonesian function words: pronouns, question words, particles, modal verbs, greetings, chat fillers. */
export const INDONESIAN_FUNCTION_WORDS: ReadonlySet<string> = new Set(
  `
  yang dan di ke dari untuk buat bagi dengan pada dalam oleh tentang antara sama secara sebagai seperti
  ini itu tersebut sini situ sana
  saya aku kamu anda dia beliau kami kita mereka ia engkau kalian ku mu
  apa apakah bagaimana berapa kapan dimana kemana darimana mana siapa kenapa mengapa gimana
  jadi menjadi ada adalah akan sudah telah belum masih sedang lagi pernah bisa dapat boleh harus mesti perlu mau ingin
  ya iya tidak bukan jangan juga saja hanya cuma pun lah kah nya sih dong kok nih deh tuh kan ayo yuk
  saat ketika atau tapi tetapi namun kalau jika bila kalo karena sebab agar supaya biar sehingga maka lalu terus
  kak kakak min admin pak bapak bu ibu mas mbak bang dek gan sis bro
  halo hai selamat pagi siang sore malam permisi maaf mohon tolong terima kasih makasih
  banyak sedikit semua setiap para tiap beberapa
  `
    .split(/\s+/)
    .filter((w) => w !== ''),
)

/** English function words. */
export const ENGLISH_FUNCTION_WORDS: ReadonlySet<string> = new Set(
  `
  the a an is are am was were be been being do does did done to of in on at for with from by about as into
  and or but if so than then because while also too very just only
  i me my mine you your yours we us our they them their he him his she her it its
  this that these those there here
  what which who whom whose how when where why
  can could should would will shall may might must need want wanna gonna
  have has had get got go going
  any some much many more most all each every
  please pls hi hello hey dear sir madam thanks thank thx ok okay yes no not
  im ive youre dont now first whats hows wheres thats theres
  `
    .split(/\s+/)
    .filter((w) => w !== ''),
)
