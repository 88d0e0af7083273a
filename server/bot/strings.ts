import type { BotLocale } from './locale.js';

// What the bot says, in the languages the product supports. An inbox may override any line per locale in
// config.bot.messages ({"greeting": {"en": "...", "th": "..."}} or one string for every language).

const en = {
  labelName: 'Name',
  labelEmail: 'E-mail',
  labelPhone: 'Phone',
  greeting: 'Hi! I am the virtual assistant. Ask me a question, or type "agent" to talk to a person.',
  askName: 'Before we start, what is your name?',
  askEmail: 'What is your e-mail address?',
  askPhone: 'What phone number can we reach you on?',
  invalidName: 'Please tell me your name (up to 100 characters).',
  invalidEmail: 'That does not look like an e-mail address. Could you check it? For example: name@example.com',
  invalidPhone: 'That does not look like a phone number. Please include the country code, for example +44 20 7946 0958.',
  invalidChoice: 'Please choose one of the options.',
  leadThanks: 'Thank you!',
  howCanIHelp: 'How can I help you today?',
  didItHelp: 'Did this help?',
  yes: 'Yes',
  no: 'No',
  glad: 'Great, glad I could help!',
  sorryNotHelpful: 'Sorry that did not help.',
  notSure: 'I am not sure I understood. Did you mean one of these?',
  noneOfThese: 'None of these',
  noAnswer: 'Sorry, I do not have an answer to that yet. Could you rephrase it?',
  talkToHuman: 'Talk to a person',
  handoffInside: 'I am connecting you with a member of our team. They will reply here shortly.',
  handoffOutside: 'Our team is offline right now. They will reply here as soon as they are back.',
  askEmailOffline: 'Our team is offline right now. Leave your e-mail address and we will follow up.',
  followUp: 'Thanks! We will follow up at {email}.',
  replyWithNumber: 'Reply with a number:',
  source: 'Source: {title} {url}',
};
export type StringKey = keyof typeof en;

const th: Record<StringKey, string> = {
  labelName: 'ชื่อ',
  labelEmail: 'อีเมล',
  labelPhone: 'เบอร์โทรศัพท์',
  greeting: 'สวัสดีค่ะ ฉันคือผู้ช่วยอัตโนมัติ ถามคำถามได้เลย หรือพิมพ์ "คุยกับพนักงาน" เพื่อคุยกับเจ้าหน้าที่',
  askName: 'ก่อนเริ่ม ขอทราบชื่อของคุณค่ะ',
  askEmail: 'ขออีเมลของคุณค่ะ',
  askPhone: 'ขอเบอร์โทรศัพท์ที่ติดต่อได้ค่ะ',
  invalidName: 'กรุณาบอกชื่อของคุณ (ไม่เกิน 100 ตัวอักษร)',
  invalidEmail: 'อีเมลนี้ดูไม่ถูกต้อง กรุณาตรวจสอบอีกครั้ง เช่น name@example.com',
  invalidPhone: 'เบอร์โทรศัพท์นี้ดูไม่ถูกต้อง กรุณาใส่รหัสประเทศ เช่น +66 2 123 4567',
  invalidChoice: 'กรุณาเลือกหนึ่งในตัวเลือกค่ะ',
  leadThanks: 'ขอบคุณค่ะ',
  howCanIHelp: 'มีอะไรให้ช่วยไหมคะ',
  didItHelp: 'คำตอบนี้มีประโยชน์ไหมคะ',
  yes: 'ใช่',
  no: 'ไม่',
  glad: 'ยินดีที่ได้ช่วยค่ะ',
  sorryNotHelpful: 'ขออภัยที่คำตอบไม่ตรงกับที่ต้องการค่ะ',
  notSure: 'ไม่แน่ใจว่าเข้าใจถูกไหม คุณหมายถึงเรื่องใดต่อไปนี้คะ',
  noneOfThese: 'ไม่ใช่ทั้งหมด',
  noAnswer: 'ขออภัย ยังไม่มีคำตอบสำหรับคำถามนี้ ช่วยถามใหม่อีกแบบได้ไหมคะ',
  talkToHuman: 'คุยกับพนักงาน',
  handoffInside: 'กำลังส่งต่อให้เจ้าหน้าที่ เจ้าหน้าที่จะตอบกลับที่นี่ในไม่ช้าค่ะ',
  handoffOutside: 'ขณะนี้อยู่นอกเวลาทำการ เจ้าหน้าที่จะตอบกลับที่นี่ทันทีที่กลับมาค่ะ',
  askEmailOffline: 'ขณะนี้อยู่นอกเวลาทำการ กรุณาฝากอีเมลไว้ แล้วเราจะติดต่อกลับค่ะ',
  followUp: 'ขอบคุณค่ะ เราจะติดต่อกลับที่ {email}',
  replyWithNumber: 'ตอบด้วยหมายเลข:',
  source: 'ที่มา: {title} {url}',
};

const zh: Record<StringKey, string> = {
  labelName: '姓名',
  labelEmail: '电子邮箱',
  labelPhone: '电话',
  greeting: '您好！我是智能助手。请直接提问，或输入"人工"联系客服人员。',
  askName: '开始之前，请问您怎么称呼？',
  askEmail: '请问您的电子邮箱是？',
  askPhone: '请问您的联系电话是？',
  invalidName: '请告诉我您的名字（不超过100个字符）。',
  invalidEmail: '这个电子邮箱地址似乎不正确，请检查一下，例如 name@example.com',
  invalidPhone: '这个电话号码似乎不正确，请包含国家区号，例如 +86 10 1234 5678',
  invalidChoice: '请选择其中一个选项。',
  leadThanks: '谢谢！',
  howCanIHelp: '请问有什么可以帮您？',
  didItHelp: '这个回答有帮助吗？',
  yes: '有帮助',
  no: '没有帮助',
  glad: '很高兴能帮到您！',
  sorryNotHelpful: '抱歉没能帮到您。',
  notSure: '我不太确定您的意思，您是想问以下哪一个？',
  noneOfThese: '都不是',
  noAnswer: '抱歉，我暂时无法回答这个问题。您能换个说法吗？',
  talkToHuman: '转人工',
  handoffInside: '正在为您转接客服人员，他们会很快在这里回复您。',
  handoffOutside: '我们的团队目前不在线，上线后会第一时间在这里回复您。',
  askEmailOffline: '我们的团队目前不在线。请留下您的电子邮箱，我们会跟进联系您。',
  followUp: '谢谢！我们会通过 {email} 与您联系。',
  replyWithNumber: '请回复数字：',
  source: '来源：{title} {url}',
};

const fa: Record<StringKey, string> = {
  labelName: 'نام',
  labelEmail: 'ایمیل',
  labelPhone: 'تلفن',
  greeting: 'سلام! من دستیار مجازی هستم. سؤال خود را بپرسید یا برای گفتگو با اپراتور بنویسید «اپراتور».',
  askName: 'پیش از شروع، نام شما چیست؟',
  askEmail: 'نشانی ایمیل شما چیست؟',
  askPhone: 'با چه شماره تلفنی می‌توانیم با شما تماس بگیریم؟',
  invalidName: 'لطفاً نام خود را بنویسید (حداکثر ۱۰۰ نویسه).',
  invalidEmail: 'این نشانی ایمیل درست به نظر نمی‌رسد. لطفاً بررسی کنید، مثلاً name@example.com',
  invalidPhone: 'این شماره تلفن درست به نظر نمی‌رسد. لطفاً کد کشور را هم بنویسید، مثلاً +98 21 1234 5678',
  invalidChoice: 'لطفاً یکی از گزینه‌ها را انتخاب کنید.',
  leadThanks: 'سپاسگزارم!',
  howCanIHelp: 'چطور می‌توانم کمکتان کنم؟',
  didItHelp: 'این پاسخ کمکی کرد؟',
  yes: 'بله',
  no: 'نه',
  glad: 'خوشحالم که توانستم کمک کنم!',
  sorryNotHelpful: 'متأسفم که کمکی نکرد.',
  notSure: 'مطمئن نیستم منظورتان را فهمیده باشم. منظورتان یکی از این‌هاست؟',
  noneOfThese: 'هیچ‌کدام',
  noAnswer: 'متأسفم، هنوز پاسخی برای این سؤال ندارم. می‌توانید آن را طور دیگری بپرسید؟',
  talkToHuman: 'گفتگو با اپراتور',
  handoffInside: 'در حال اتصال شما به یکی از همکارانمان هستم. به‌زودی همین‌جا پاسخ می‌دهند.',
  handoffOutside: 'تیم ما اکنون آفلاین است. به محض بازگشت همین‌جا پاسخ می‌دهند.',
  askEmailOffline: 'تیم ما اکنون آفلاین است. نشانی ایمیل خود را بگذارید تا با شما تماس بگیریم.',
  followUp: 'سپاس! از طریق {email} با شما تماس می‌گیریم.',
  replyWithNumber: 'با یک عدد پاسخ دهید:',
  source: 'منبع: {title} {url}',
};

const TABLES: Record<BotLocale, Record<StringKey, string>> = { en, th, zh, fa };

export type LocalizedText = string | Partial<Record<string, string>>;

/** A line in the visitor's language: the inbox's override first, then our table, then English. */
export function say(key: StringKey, locale: BotLocale, overrides: Record<string, LocalizedText> = {}, vars: Record<string, string> = {}): string {
  const custom = overrides[key];
  const text = (typeof custom === 'string' ? custom : custom?.[locale] ?? custom?.en) ?? TABLES[locale][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (m, v: string) => vars[v] ?? m);
}

/** Picks the visitor's language out of a text configured per locale (questions, greeting). */
export function localized(text: LocalizedText, locale: BotLocale): string {
  return typeof text === 'string' ? text : text[locale] ?? text.en ?? Object.values(text)[0] ?? '';
}

/** Every translation of a line: replies may come back in any language the bot has used. */
export function allTranslations(key: StringKey): string[] {
  return Object.values(TABLES).map((t) => t[key]);
}
