// Built-in language knowledge for matching questions to articles: words that only frame a question, and
// groups of words customers use for the same thing. Admins add their own groups (kb_synonyms) on top.

/**
 * Question words, small talk and function words per language. They say *that* something is asked, not *what*;
 * with a small KB, IDF cannot learn to discount them. Compared after stemming as well as in the written form.
 */
export const STOP_WORDS: Record<'en' | 'th' | 'zh' | 'fa' | 'any', string[]> = {
  any: ['hi', 'hey', 'hello', 'thanks', 'thank', 'ok', 'okay', 'สวัสดี', 'ขอบคุณ', '你好', '您好', '谢谢', 'سلام', 'ممنون', 'مرسی'],
  en: [
    'a', 'an', 'the', 'is', 'are', 'was', 'were', 'am', 'be', 'been', 'do', 'does', 'did', 'done', 'i', 'me', 'my', 'mine',
    'you', 'your', 'yours', 'we', 'us', 'our', 'it', 'its', 'to', 'of', 'in', 'on', 'at', 'for', 'from', 'by', 'and', 'or',
    'can', 'could', 'will', 'would', 'shall', 'should', 'may', 'might', 'must', 'how', 'what', 'when', 'where', 'which',
    'who', 'whom', 'why', 'there', 'here', 'this', 'that', 'these', 'those', 'with', 'please', 'want', 'need', 'like',
    'get', 'got', 'any', 'have', 'has', 'had', 'tell', 'know', 'about', 'if', 'so', 'just', 'some', 'take', 'takes',
    'long', 'much', 'many', 'way', 'ways', 'possible', 'anyone', 'someone', 'still', 'yet', 'also', 'let', 'make', 'go',
    'into', 'out', 'up', 'does', 'doesnt', 'dont', 'cant', 'im', 'ive', 'usually', 'actually', 'really', 'exactly',
    'come', 'comes', 'came', 'until', 'after', 'before', 'again', 'something', 'anything', 'thing', 'things', 'ur', 'u', 'pls', 'plz', 'then',
  ],
  th: [
    'ไหม', 'มั้ย', 'ครับ', 'ค่ะ', 'คะ', 'จ้า', 'นะ', 'ได้', 'มี', 'คือ', 'ของ', 'ที่', 'และ', 'หรือ', 'อยาก', 'ผม', 'ฉัน', 'ดิฉัน', 'คุณ',
    'หน่อย', 'อย่างไร', 'ยังไง', 'บ้าง', 'ว่า', 'อะไร', 'ทราบ', 'รู้', 'ขอ', 'ช่วย', 'เรา', 'จะ', 'ต้อง', 'ให้', 'การ', 'เมื่อไร',
    'เมื่อไหร่', 'กี่', 'ไหน', 'ทำไม', 'เท่าไร', 'เท่าไหร่', 'หรือเปล่า', 'ไหมคะ', 'ไหมครับ', 'บอก', 'หน่อยครับ', 'หน่อยค่ะ', 'ใคร',
    'กับ', 'ใน', 'จาก', 'ไป', 'มา', 'แล้ว', 'ยัง', 'นี้', 'นั้น', 'เป็น', 'อยู่', 'ทำ', 'วิธี',
  ],
  zh: [
    '的', '了', '吗', '呢', '吧', '啊', '是', '我', '你', '您', '我们', '你们', '在', '有', '和', '要', '我要', '想', '请问', '请',
    '怎么', '怎样', '如何', '什么', '可以', '能', '我想', '怎么办', '办', '哪些', '哪', '哪里', '多久', '多少', '几', '为什么',
    '一下', '我的', '你们的', '知道', '告诉', '会', '吗？', '这个', '那个', '还', '就', '都', '也', '给', '时候', '什么时候',
  ],
  fa: [
    'در', 'از', 'به', 'با', 'که', 'را', 'این', 'آن', 'است', 'و', 'یا', 'چه', 'آیا', 'من', 'شما', 'ما', 'چگونه', 'چطور', 'میخواهم',
    'برای', 'هست', 'کنم', 'دهم', 'چیست', 'چیه', 'کدام', 'کدامند', 'چی', 'کی', 'کجا', 'چرا', 'چقدر', 'چند', 'میشه', 'میشود',
    'بگید', 'بگویید', 'لطفا', 'لطفاً', 'هستند', 'هستید', 'دارید', 'دارم', 'کنید', 'باید', 'تا', 'هم', 'اگر', 'بر', 'یک', 'ی',
    'میتوانم', 'میتونم', 'ها', 'های', 'شده', 'شد', 'کنه', 'است؟', 'هستش', 'رو', 'چطوری',
  ],
};

/**
 * Words and phrases customers use for the same thing, in any of the supported languages. Matching maps each
 * group to one term on both sides (articles and questions), after stemming, so "arrive" finds "delivery" and
 * "how long" finds "times". Phrases are matched before stop words are dropped.
 */
export const BUILT_IN_SYNONYMS: string[][] = [
  // English
  ['deliver', 'delivery', 'arrive', 'arrival', 'receive', 'transit'],
  ['ship', 'shipping', 'dispatch', 'send out', 'sent out', 'post', 'courier', 'mail out'],
  ['time', 'how long', 'duration', 'how soon', 'how many days', 'how quickly', 'eta',
    'ระยะเวลา', 'กี่วัน', 'นานไหม', 'นานแค่ไหน', 'ใช้เวลา', '多久', '多长时间', '几天', '时间', 'مدت', 'چند روز', 'طول میکشد', 'طول میکشه', 'زمان'],
  ['refund', 'money back', 'reimburse', 'reimbursement', 'repay', 'send back', 'give back'],
  ['price', 'cost', 'fee', 'charge', 'how much', 'pricing', 'rate', 'tariff'],
  ['hours', 'opening hours', 'open', 'close', 'business hours', 'working hours', 'availability', 'opening time'],
  ['cancel', 'cancellation', 'terminate', 'stop', 'unsubscribe'],
  ['password', 'change password', 'reset password', 'new password', 'passcode', 'login', 'log in', 'sign in', 'signin', 'credentials'],
  ['account', 'profile'],
  ['pay', 'payment', 'paying', 'checkout', 'card', 'credit card', 'billing'],
  ['order', 'purchase', 'parcel', 'package', 'buy', 'bought'],
  ['contact', 'reach', 'get in touch', 'phone', 'call', 'email', 'e-mail'],
  ['abroad', 'international', 'internationally', 'overseas', 'another country', 'other countries', 'worldwide'],
  ['track', 'tracking', 'where is my', 'status'],
  ['discount', 'coupon', 'promo', 'voucher', 'promotion', 'promo code'],
  ['warranty', 'guarantee', 'broken', 'defective', 'faulty', 'repair'],
  ['size', 'sizing', 'fit', 'measurement'],
  ['invoice', 'receipt', 'bill', 'tax invoice'],
  ['privacy', 'personal data', 'gdpr', 'my data'],
  ['plan', 'subscription', 'tier'],
  ['exchange', 'swap', 'replace', 'replacement'],
  ['address', 'delivery address', 'shipping address'],
  // Thai
  ['จัดส่ง', 'ส่งของ', 'ขนส่ง', 'ส่งสินค้า', 'การส่ง'],
  ['ได้รับ', 'มาถึง', 'ถึงมือ', 'ของถึง', 'ได้ของ'],
  ['คืนเงิน', 'เงินคืน', 'ขอเงินคืน', 'รีฟันด์'],
  ['คืนสินค้า', 'ส่งคืน', 'คืนของ'],
  ['ราคา', 'ค่าใช้จ่าย', 'ค่าบริการ', 'เท่าไหร่', 'เท่าไร', 'กี่บาท'],
  ['เวลาทำการ', 'เปิด', 'ปิด', 'เวลาเปิด', 'เปิดกี่โมง', 'ทำการ'],
  ['ขั้นตอน', 'กระบวนการ', 'วิธีการ', 'ลำดับ'],
  ['ลูกค้า', 'ผู้ซื้อ'],
  ['ชำระเงิน', 'จ่ายเงิน', 'โอนเงิน', 'ชำระ', 'จ่าย'],
  ['รหัสผ่าน', 'พาสเวิร์ด'],
  ['ยกเลิก', 'เลิก'],
  ['ติดต่อ', 'โทร', 'อีเมล'],
  // Chinese
  ['退款', '退钱', '返款', '钱退', '退费'],
  ['退货', '退回', '退还商品', '退换'],
  ['发货', '配送', '快递', '物流', '寄出', '送货'],
  ['到货', '送达', '收到', '到达'],
  ['价格', '多少钱', '费用', '价钱', '收费'],
  ['营业时间', '工作时间', '上班', '客服时间', '几点'],
  ['密码', '口令', '改密码', '重置密码'],
  ['取消', '撤销'],
  ['付款', '支付', '付钱', '结账'],
  ['发票', '收据'],
  ['流程', '步骤', '过程'],
  ['联系', '电话', '邮箱'],
  // Persian (after letter folding)
  ['ساعت کاری', 'ساعات کاری', 'ساعات', 'ساعت', 'باز', 'تعطیل', 'وقت اداری', 'ساعت کار'],
  ['پشتیبانی', 'پشتیبان', 'کارشناس', 'پاسخگویی'],
  ['ارسال', 'حمل', 'پست', 'فرستادن', 'ارسال کالا'],
  ['تحویل', 'رسیدن', 'میرسد', 'میرسه', 'دریافت'],
  ['بازگشت وجه', 'پس گرفتن پول', 'برگشت پول', 'استرداد', 'بازپرداخت'],
  ['مرجوعی', 'مرجوع', 'پس دادن', 'برگرداندن'],
  ['قیمت', 'هزینه', 'تعرفه', 'چند تومان'],
  ['رمز', 'رمز عبور', 'گذرواژه', 'پسورد'],
  ['لغو', 'کنسل'],
  ['پرداخت', 'پرداخت کنم'],
  ['مراحل', 'فرایند', 'گام', 'گامها', 'روند'],
];
