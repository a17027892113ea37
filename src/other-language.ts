/**
 * Messages in a language the bot does not speak ("je ne peux pas respirer", 숨을 쉴 수 없어요,
 * 息ができない): read as English or Chinese they found no answer, and the person learned neither
 * which languages work nor the emergency number. Scripts other than Latin, Han and Cyrillic are
 * clear; Latin-script languages are told by their everyday words, only with no English word beside.
 */

/** Scripts none of our languages is written in. Kana marks Japanese: Chinese has none. */
const OTHER_SCRIPT =
  /[\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Thai}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Tamil}\p{Script=Greek}\p{Script=Georgian}\p{Script=Armenian}\p{Script=Khmer}\p{Script=Lao}\p{Script=Myanmar}\p{Script=Sinhala}\p{Script=Ethiopic}]/gu;
const OUR_LETTER = /[\p{Script=Latin}\p{Script=Han}\p{Script=Cyrillic}]/gu;
/** Letters of Kazakh's Cyrillic alphabet that Russian (and Ukrainian) lack. */
const KAZAKH_LETTERS = /[әғқңөұүһӘҒҚҢӨҰҮҺ]/gu;

/**
 * Everyday words of Latin-script languages people in China often write (French, Spanish,
 * Portuguese, German, Italian, Indonesian and Malay, Vietnamese, Russian in Latin letters, Turkish),
 * none of them also an English word or a Chinese name in pinyin ("no", "comment", "ciao", "Yang",
 * "Xin" are left out), nor a word of thanks: "merci" alone is a kind word, not a question.
 */
const OTHER_WORDS = new Set(
  [
    // French
    'je', 'ne', 'pas', 'suis', 'mes', 'est', 'une', 'les', 'des', 'avec', 'pour', 'peux', 'parle', 'anglais', 'bonjour', 'aidez', 'moi', 'jai', 'cest', 'mal', 'besoin', 'enfant', 'fils', 'fille', 'medecin', 'hopital', 'respirer', 'salut', 'oui', 'quoi', 'pourquoi', 'ou', 'et',
    // Spanish and Portuguese
    'hola', 'necesito', 'puedo', 'tengo', 'estoy', 'ayuda', 'ayudame', 'por', 'hijo', 'hija', 'medico', 'respirar', 'seguro', 'que', 'como', 'donde', 'buenos', 'buenas', 'dias', 'el', 'los', 'las', 'una', 'del', 'muy', 'preciso', 'nao', 'estou', 'ajuda', 'voce', 'ola', 'filho', 'filha', 'uma',
    // German
    'ich', 'nicht', 'kann', 'ist', 'und', 'der', 'das', 'ein', 'eine', 'mein', 'meine', 'hilfe', 'bitte', 'guten', 'atmen', 'arzt', 'krankenhaus', 'versicherung', 'brauche', 'wie', 'wo', 'sprechen', 'englisch', 'sohn', 'tochter',
    // Italian
    'sono', 'posso', 'aiuto', 'mio', 'mia', 'bambino', 'bambina', 'figlio', 'figlia', 'ospedale', 'dottore', 'respirare', 'respira', 'buongiorno', 'perche', 'sveglia', 'febbre', 'soccorso', 'dove', 'parli', 'parla', 'italiano', 'inglese', 'aiutami', 'aiutatemi', 'bene', 'della', 'questo', 'quando',
    // Indonesian and Malay
    'saya', 'tidak', 'bisa', 'tolong', 'terima', 'kasih', 'apa', 'dengan', 'untuk', 'ini', 'itu', 'mau', 'sakit', 'anak', 'dokter', 'rumah', 'asuransi', 'bagaimana', 'dimana', 'berapa', 'bernapas', 'selamat', 'pagi', 'saja', 'sudah', 'belum', 'bahasa', 'inggris', 'tak', 'boleh', 'nak', 'macam',
    // Vietnamese (diacritics folded)
    'toi', 'khong', 'benh', 'vien', 'bac', 'si', 'giup', 'hiem', 'duoc',
    // Russian typed in Latin letters, by someone without a Cyrillic keyboard
    'privet', 'zdravstvuyte', 'zdravstvuite', 'pozhaluysta', 'pozhaluista', 'skolko', 'stoit', 'nuzhno', 'nuzhna', 'mne', 'kak', 'gde', 'chto', 'pochemu', 'vrach', 'bolnitsa', 'bolnica', 'strahovka', 'strakhovka', 'pomogite', 'rebenok', 'rebyonok', 'menya', 'bolit', 'skoraya', 'lechenie', 'kogda', 'mozhno', 'khorosho', 'horosho', 'gotovo', 'vizu', 'nado',
    // Turkish
    'merhaba', 'yardim', 'edin', 'bir', 'var', 'yok', 'nefes', 'alamiyorum', 'doktor', 'hastane', 'sigorta', 'nasil', 'nerede', 'cocuk', 'cocugum',
  ],
);

/** English words that, present, make a message English whatever else it holds. */
const ENGLISH_WORDS = new Set([
  'i', 'im', 'ive', 'my', 'you', 'your', 'is', 'are', 'am', 'the', 'a', 'an', 'and', 'to', 'of', 'for', 'do', 'does', 'can', 'cant', 'what', 'how', 'where', 'when', 'why', 'please', 'help', 'need', 'with', 'have', 'has', 'it', 'its', 'this', 'that', 'me', 'we', 'not', 'he', 'she', 'his', 'her', 'they', 'our', 'at', 'be', 'will', 'should', 'hi', 'hello', 'thanks', 'thank', 'insurance', 'visa', 'doctor', 'in', 'from', 'about', 'which', 'who', 'get', 'go', 'want', 'there', 'here', 'if', 'or', 'but', 'so', 'just', 'yes', 'ok', 'okay',
]);

/** Letters folded to ASCII (é → e, ç → c, ş → s), lowercase, apostrophes gone. */
function latinWords(text: string): string[] {
  const folded = text
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/ı/g, 'i')
    .replace(/[đð]/g, 'd')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/['’`]/g, '');
  return folded.match(/[a-z]+/g) ?? [];
}

/**
 * True when `text` is written in a language the bot does not speak: mostly letters of another
 * script, or Latin-script words of another language (two of them, or one in a message of at most
 * two words, as "Bonjour" or "Hola amigo") with no English word among them.
 */
export function inOtherLanguage(text: string): boolean {
  const other = text.match(OTHER_SCRIPT)?.length ?? 0;
  if (other > 0) {
    const ours = text.match(OUR_LETTER)?.length ?? 0;
    // Japanese mixes kanji (Han) with kana; a Korean or Arabic name in an English question stays English.
    if (other >= ours || (other >= 2 && /[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text))) return true;
  }
  // Kazakh is written in Cyrillic with letters Russian has not: "сәлем", "рақмет", "көмектесіңіз".
  const kazakh = text.match(KAZAKH_LETTERS)?.length ?? 0;
  if (kazakh >= 2 || (kazakh === 1 && text.trim().split(/\s+/u).length <= 2)) return true;
  if (/[\p{Script=Han}\p{Script=Cyrillic}]/u.test(text)) return false;
  const words = latinWords(text);
  if (words.length === 0 || words.some((w) => ENGLISH_WORDS.has(w))) return false;
  const foreign = words.filter((w) => OTHER_WORDS.has(w)).length;
  return foreign >= 2 || (foreign === 1 && words.length <= 2);
}
