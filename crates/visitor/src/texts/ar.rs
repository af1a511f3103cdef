//! Arabic (العربية), written right to left: the banner and the settings dialog. A draft: a
//! translator must approve it before a site enables Arabic.

use super::BannerTexts;

/// The banner and the settings dialog.
pub(super) const BANNER: BannerTexts = BannerTexts {
    banner_title: "ملفات تعريف الارتباط على هذا الموقع",
    banner_body: "نستخدم ملفات تعريف الارتباط الضرورية لكي يعمل الموقع. وبموافقتك نستخدم أيضًا ملفات تعريف الارتباط للإحصاءات حتى نتمكن من تحسين الموقع. يمكنك تغيير اختيارك أو سحبه في أي وقت من خلال «إعدادات ملفات تعريف الارتباط» في أسفل كل صفحة. ",
    policy_link: "اقرأ المزيد في سياسة الخصوصية",
    gpc_note: "يرسل متصفحك إشارة التحكم العالمي في الخصوصية (Global Privacy Control). نعتبرها اختيارًا لـ«الضرورية فقط» إلى أن تختار غير ذلك بنفسك.",
    accept_all: "قبول الكل",
    reject_all: "الضرورية فقط",
    settings: "الإعدادات",
    reopen: "إعدادات ملفات تعريف الارتباط",
    dialog_title: "إعدادات ملفات تعريف الارتباط",
    dialog_intro: "اختر الأغراض التي توافق عليها. ملفات تعريف الارتباط الضرورية لازمة لعمل الموقع ولا تحتاج إلى موافقة.",
    always_on: "مفعّلة دائمًا",
    services: "الخدمات وملفات تعريف الارتباط",
    cookie: "ملف تعريف الارتباط",
    day: "يوم",
    days: "يومًا",
    save: "حفظ اختياراتي",
    close: "إغلاق",
    receipts_title: "إيصالات موافقتك",
    receipts_intro: "يُحفظ كل اختيار تقوم به كإيصال موقَّع يمكنك تنزيله والتحقق منه.",
    receipts_none: "لا توجد إيصالات بعد.",
    receipts_download: "تنزيل إيصالاتي (JSON)",
    current_choice: "اختيارك الحالي:",
    receipts_pending: "هناك إيصال ينتظر الإرسال، وسيُرسل بمجرد أن يعمل الاتصال.",
    back: "العودة إلى الصفحة التي جئت منها",
    no_choice_yet: "لم تختر شيئًا بعد.",
    languages: "اللغة",
};

/// A blocked embed's placeholder.
pub(super) const PLACEHOLDER: super::PlaceholderTexts = super::PlaceholderTexts {
    label: "محتوى محجوب من {service}",
    message: "هذا محتوى من {service}، وهو ضمن فئة {category}. لن نعرضه حتى تسمح بذلك، لأن الخدمة قد تضع ملفات تعريف الارتباط وتعرف أنك تزور هذه الصفحة.",
    show_once: "اعرضه مرة واحدة",
    allow_always: "اسمح دائمًا: {category}",
};
