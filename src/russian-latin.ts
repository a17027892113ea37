/**
 * Russian typed in Latin letters, by someone at a work laptop with no Cyrillic keyboard
 * ("muzhu ploho, bolit v grudi, ne mozhet dyshat"). Read as English it matched nothing: no
 * emergency, no article, only "I speak English, Chinese and Russian". Such a message is read
 * in Cyrillic ("мужу плохо, болит в груди, не может дышать") before anything else sees it, so the
 * emergency check, the questionnaires and the search work as they do for Russian.
 */

/**
 * Words of Russian in Latin letters that are no English word ("my", "to", "on", "a" and "i" are
 * both, and left out). Two of them, and no English word, make a message Russian.
 */
const RUSSIAN_WORDS = new Set([
  // little words
  'ne', 'net', 'da', 'v', 'vo', 'na', 's', 'so', 'u', 'k', 'ko', 'po', 'za', 'ot', 'iz', 'dlya', 'dlia', 'ili', 'ya', 'ty', 'ona', 'ono', 'oni', 'vy', 'vam', 'vas', 'nas', 'nam', 'eto', 'etot', 'eta', 'chto', 'shto', 'kak', 'gde', 'kuda', 'kogda', 'pochemu', 'zachem', 'skolko', 'kto', 'mne', 'menya', 'menia', 'moy', 'moi', 'moya', 'moia', 'moyo', 'moego', 'moey', 'nash', 'nasha', 'vash', 'vasha', 'est', 'byl', 'byla', 'bylo', 'budet', 'uzhe', 'eshche', 'esche', 'tozhe', 'ochen', 'silno', 'sejchas', 'seychas', 'segodnya', 'vchera', 'zavtra', 'nochyu', 'posle', 'pered', 'bez', 'chem', 'tolko', 'mozhno', 'nelzya', 'nuzhno', 'nuzhna', 'nuzhen', 'nuzhny', 'nado', 'khochu', 'hochu', 'mogu', 'mozhet', 'mozhem', 'mozhete', 'kakie', 'kakaya', 'kakoy', 'kakoj', 'kakuyu', 'kakoe',
  // greetings and asking
  'privet', 'zdravstvuyte', 'zdravstvuite', 'zdravstvujte', 'dobryy', 'dobryj', 'den', 'pozhaluysta', 'pozhaluista', 'pozhalujsta', 'spasibo', 'pomogite', 'pomoch', 'podskazhite', 'skazhite', 'khorosho', 'horosho', 'gotovo', 'ponyatno',
  // people
  'rebenok', 'rebyonok', 'rebenka', 'syn', 'syna', 'synu', 'doch', 'dochka', 'dochke', 'muzh', 'muzha', 'muzhu', 'zhena', 'zhene', 'zheny', 'mama', 'mame', 'mamy', 'papa', 'pape', 'otec', 'otets', 'otcu', 'babushka', 'dedushka', 'vrach', 'vracha', 'vrachu',
  // health
  'bolit', 'bolyat', 'bolno', 'ploho', 'plokho', 'zhar', 'temperatura', 'temperaturu', 'kashel', 'rvota', 'toshnit', 'krov', 'krovotechenie', 'golova', 'golovu', 'zhivot', 'grud', 'grudi', 'serdce', 'serdtse', 'dyshat', 'dyshit', 'dyshu', 'soznanie', 'soznaniya', 'poteryal', 'poteryala', 'upal', 'upala', 'skoraya', 'skoruyu', 'bolnitsa', 'bolnica', 'bolnitsu', 'bolnitse', 'lechenie', 'lecheniya', 'lechenia', 'operatsiya', 'operaciya', 'lekarstvo', 'lekarstva', 'beremenna', 'beremennost',
  'kashlyaet', 'kashlyayu', 'kashlyat', 'harkaet', 'kharkaet', 'krovyu', 'krovi', 'rvet', 'rvyot', 'vyrvalo', 'zadykhaetsya', 'zadyhaetsya', 'zadykhayus', 'zadyhayus', 'obmorok', 'pristup', 'sudorogi', 'otravilsya', 'otravilas', 'opukhol', 'rak', 'khimiya', 'himiya', 'onkolog',
  // how a person in crisis says it: these must reach the crisis answer
  'zhit', 'zhizn', 'zhizni', 'umeret', 'umru', 'bolshe', 'pokonchit', 'soboy', 'soboj', 'ustala', 'ustal', 'odinoko', 'trevozhno', 'spat', 'splyu', 'psiholog', 'psikholog',
  // papers
  'viza', 'vizu', 'vizy', 'vize', 'strakhovka', 'strahovka', 'strakhovku', 'strahovku', 'polis', 'dokumenty', 'dokumentov', 'pasport', 'priglashenie', 'kitay', 'kitaj', 'kitae', 'kitaya', 'oformit', 'poluchit', 'stoit', 'deneg',
]);

/** Words English has too, or the common English words: one of them keeps a message English. */
const ENGLISH_WORDS = new Set([
  'im', 'ive', 'you', 'your', 'is', 'are', 'am', 'the', 'an', 'and', 'of', 'for', 'do', 'does', 'can', 'cant', 'what', 'how', 'where', 'when', 'why', 'please', 'help', 'need', 'with', 'have', 'has', 'it', 'its', 'this', 'that', 'me', 'we', 'not', 'he', 'she', 'his', 'her', 'they', 'our', 'at', 'be', 'will', 'should', 'hi', 'hello', 'thanks', 'thank', 'insurance', 'visa', 'doctor', 'in', 'from', 'about', 'which', 'who', 'get', 'go', 'want', 'there', 'here', 'if', 'or', 'but', 'so', 'just', 'yes', 'ok', 'okay', 'pain', 'hospital', 'sick', 'child', 'son', 'wife', 'husband',
]);

/** Greetings and calls that say "Russian" alone ("privet", "pomogite"). */
const ALONE = new Set(['privet', 'zdravstvuyte', 'zdravstvuite', 'zdravstvujte', 'pomogite', 'spasibo']);

/** Words whose Latin spelling drops the soft sign or a letter the rules cannot guess. */
const SPELLED = new Map([
  ['bolnitsa', 'больница'], ['bolnica', 'больница'], ['bolnitsu', 'больницу'], ['bolnitse', 'больнице'], ['bolno', 'больно'],
  ['dyshat', 'дышать'], ['den', 'день'], ['ochen', 'очень'], ['silno', 'сильно'], ['doch', 'дочь'], ['krov', 'кровь'], ['pomoch', 'помочь'],
  ['est', 'есть'], ['esli', 'если'], ['eshche', 'ещё'], ['esche', 'ещё'], ['ego', 'его'], ['ee', 'её'], ['emu', 'ему'], ['nochyu', 'ночью'],
  ['kashel', 'кашель'], ['oformit', 'оформить'], ['poluchit', 'получить'], ['beremennost', 'беременность'], ['skolko', 'сколько'], ['tolko', 'только'],
  ['zhit', 'жить'], ['zhizn', 'жизнь'], ['umeret', 'умереть'], ['bolshe', 'больше'], ['pokonchit', 'покончить'], ['spat', 'спать'],
  ['krovyu', 'кровью'], ['zadykhayus', 'задыхаюсь'], ['zadyhayus', 'задыхаюсь'], ['opukhol', 'опухоль'], ['otravilas', 'отравилась'],
  ['nelzya', 'нельзя'], ['zdravstvuyte', 'здравствуйте'], ['zdravstvuite', 'здравствуйте'], ['zdravstvujte', 'здравствуйте'], ['shto', 'что'],
]);

const LETTERS: Record<string, string> = {
  a: 'а', b: 'б', v: 'в', g: 'г', d: 'д', e: 'е', z: 'з', i: 'и', j: 'й', k: 'к', l: 'л', m: 'м', n: 'н', o: 'о', p: 'п', r: 'р',
  s: 'с', t: 'т', u: 'у', f: 'ф', h: 'х', c: 'ц', w: 'в', q: 'к', x: 'кс', "'": 'ь',
};
/** Letter groups, longest first. */
const GROUPS: readonly (readonly [string, string])[] = [
  ['shch', 'щ'], ['sch', 'щ'], ['zh', 'ж'], ['kh', 'х'], ['ts', 'ц'], ['ch', 'ч'], ['sh', 'ш'],
  ['ya', 'я'], ['ja', 'я'], ['yu', 'ю'], ['ju', 'ю'], ['yo', 'ё'], ['jo', 'ё'], ['ye', 'е'], ['je', 'е'],
];
const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);

/** One lowercase Latin word in Cyrillic letters. */
function toCyrillic(word: string): string {
  const spelled = SPELLED.get(word);
  if (spelled) return spelled;
  let out = '';
  for (let i = 0; i < word.length; ) {
    const group = GROUPS.find(([latin]) => word.startsWith(latin, i));
    if (group) {
      out += group[1];
      i += group[0].length;
      continue;
    }
    const ch = word[i] ?? '';
    const previous = i > 0 ? (word[i - 1] ?? '') : '';
    // "y" after a vowel is й (moy, zdravstvuyte), after a consonant ы (vy, dyshit); a first "e" is э (eto, eko).
    if (ch === 'y') out += VOWELS.has(previous) ? 'й' : 'ы';
    else if (ch === 'e' && i === 0) out += 'э';
    else out += LETTERS[ch] ?? ch;
    i++;
  }
  return out;
}

/**
 * The Cyrillic reading of `text` when it is Russian in Latin letters (no Cyrillic or Chinese,
 * no English word, two Russian words or one greeting alone); otherwise `text` itself. Commands
 * ("/start") and abbreviations in capitals (IVF, ОК) are left as they are.
 * @example readRussianLatin('kakie dokumenty nuzhny dlya vizy?') // 'какие документы нужны для визы?'
 */
export function readRussianLatin(text: string): string {
  if (text.startsWith('/') || /[\p{Script=Cyrillic}\p{Script=Han}]/u.test(text)) return text;
  const words = (text.toLowerCase().replace(/[’`]/g, "'").match(/[a-z']+/g) ?? []).map((w) => w.replace(/^'+|'+$/g, ''));
  if (words.length === 0 || words.some((w) => ENGLISH_WORDS.has(w))) return text;
  const russian = words.filter((w) => RUSSIAN_WORDS.has(w)).length;
  const [only] = words;
  if (russian < 2 && !(words.length <= 2 && only !== undefined && ALONE.has(only))) return text;
  return text.replace(/[A-Za-z][A-Za-z'’`]*/g, (word) => (/^[A-Z]{2,}$/.test(word) ? word : toCyrillic(word.toLowerCase().replace(/[’`]/g, "'").replace(/'+$/, ''))));
}
