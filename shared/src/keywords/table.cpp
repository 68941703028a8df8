#include <array>

#include "cartbell/keywords/table.hpp"

namespace cartbell::keywords {
namespace {

using enum kind;
using l = language;

// Texts are in normalised form: lower case, no diacritics (ARRÊTER -> arreter, KÜNDIGEN ->
// kundigen, BAŞLA -> basla, YARDIM -> yardim), Arabic with plain alef and ha for ta
// marbuta (إيقاف -> ايقاف, مساعدة -> مساعده). A unit test checks that each one is.
constexpr std::array keywords = {
    // English first: STOP / START / HELP are understood everywhere and reported as "en".
    keyword{"stop", stop, l::en}, keyword{"stop all", stop, l::en},
    keyword{"unsubscribe", stop, l::en}, keyword{"unsub", stop, l::en},
    keyword{"cancel", stop, l::en}, keyword{"end", stop, l::en}, keyword{"quit", stop, l::en},
    keyword{"opt out", stop, l::en},
    keyword{"start", start, l::en}, keyword{"unstop", start, l::en}, keyword{"resume", start, l::en},
    keyword{"restart", start, l::en}, keyword{"subscribe", start, l::en}, keyword{"opt in", start, l::en},
    keyword{"help", help, l::en}, keyword{"info", help, l::en},

    // RET is the opt-out word of Turkey's IYS register, so shoppers there know it.
    keyword{"iptal", stop, l::tr}, keyword{"iptal et", stop, l::tr}, keyword{"iptal edin", stop, l::tr},
    keyword{"durdur", stop, l::tr}, keyword{"durdurun", stop, l::tr},
    keyword{"ret", stop, l::tr}, keyword{"abonelikten cik", stop, l::tr},
    keyword{"abonelik iptal", stop, l::tr},
    keyword{"basla", start, l::tr}, keyword{"baslat", start, l::tr}, keyword{"abone ol", start, l::tr},
    keyword{"devam et", start, l::tr},
    keyword{"yardim", help, l::tr}, keyword{"destek", help, l::tr},

    keyword{"stopp", stop, l::de}, keyword{"abmelden", stop, l::de}, keyword{"abbestellen", stop, l::de},
    keyword{"austragen", stop, l::de}, keyword{"beenden", stop, l::de}, keyword{"kundigen", stop, l::de},
    keyword{"kuendigen", stop, l::de},
    keyword{"starten", start, l::de}, keyword{"abonnieren", start, l::de}, keyword{"anmelden", start, l::de},
    keyword{"fortsetzen", start, l::de},
    keyword{"hilfe", help, l::de},

    keyword{"arret", stop, l::fr}, keyword{"arreter", stop, l::fr}, keyword{"arretez", stop, l::fr},
    keyword{"annuler", stop, l::fr}, keyword{"desabonner", stop, l::fr}, keyword{"se desabonner", stop, l::fr},
    keyword{"me desabonner", stop, l::fr}, keyword{"desabonnement", stop, l::fr},
    keyword{"desinscrire", stop, l::fr}, keyword{"me desinscrire", stop, l::fr},
    keyword{"desinscription", stop, l::fr},
    keyword{"commencer", start, l::fr}, keyword{"demarrer", start, l::fr}, keyword{"reprendre", start, l::fr},
    keyword{"abonner", start, l::fr}, keyword{"s abonner", start, l::fr},
    keyword{"aide", help, l::fr},

    keyword{"parar", stop, l::es}, keyword{"alto", stop, l::es}, keyword{"baja", stop, l::es},
    keyword{"dar de baja", stop, l::es}, keyword{"darme de baja", stop, l::es},
    keyword{"cancelar", stop, l::es}, keyword{"detener", stop, l::es},
    keyword{"empezar", start, l::es}, keyword{"comenzar", start, l::es}, keyword{"iniciar", start, l::es},
    keyword{"reanudar", start, l::es}, keyword{"suscribir", start, l::es},
    keyword{"suscribirme", start, l::es}, keyword{"alta", start, l::es}, keyword{"dar de alta", start, l::es},
    keyword{"darme de alta", start, l::es},
    keyword{"ayuda", help, l::es},

    // PARAR, CANCELAR and INICIAR are Portuguese too; they are listed once, under Spanish.
    keyword{"pare", stop, l::pt}, keyword{"sair", stop, l::pt}, keyword{"descadastrar", stop, l::pt},
    keyword{"cancelar inscricao", stop, l::pt},
    keyword{"comecar", start, l::pt}, keyword{"retomar", start, l::pt}, keyword{"assinar", start, l::pt},
    keyword{"inscrever", start, l::pt},
    keyword{"ajuda", help, l::pt},

    keyword{"basta", stop, l::it}, keyword{"ferma", stop, l::it}, keyword{"fermare", stop, l::it},
    keyword{"annulla", stop, l::it}, keyword{"cancella", stop, l::it}, keyword{"cancellami", stop, l::it},
    keyword{"disiscrivi", stop, l::it}, keyword{"disiscrivimi", stop, l::it},
    keyword{"inizia", start, l::it}, keyword{"iniziare", start, l::it}, keyword{"riprendi", start, l::it},
    keyword{"riprendere", start, l::it}, keyword{"iscrivimi", start, l::it}, keyword{"iscriviti", start, l::it},
    keyword{"avvia", start, l::it},
    keyword{"aiuto", help, l::it},

    keyword{"stoppen", stop, l::nl}, keyword{"afmelden", stop, l::nl}, keyword{"uitschrijven", stop, l::nl},
    keyword{"opzeggen", stop, l::nl},
    keyword{"aanmelden", start, l::nl}, keyword{"hervatten", start, l::nl}, keyword{"inschrijven", start, l::nl},
    keyword{"beginnen", start, l::nl},
    keyword{"hulp", help, l::nl},

    keyword{"ايقاف", stop, l::ar}, keyword{"توقف", stop, l::ar}, keyword{"الغاء", stop, l::ar},
    keyword{"الغاء الاشتراك", stop, l::ar},
    keyword{"ابدا", start, l::ar}, keyword{"بدء", start, l::ar}, keyword{"استئناف", start, l::ar},
    keyword{"اشتراك", start, l::ar}, keyword{"اشترك", start, l::ar},
    keyword{"مساعده", help, l::ar}, keyword{"ساعدني", help, l::ar},

    keyword{"стоп", stop, l::ru}, keyword{"отписаться", stop, l::ru}, keyword{"отписка", stop, l::ru},
    keyword{"остановить", stop, l::ru}, keyword{"отменить подписку", stop, l::ru},
    keyword{"старт", start, l::ru}, keyword{"начать", start, l::ru}, keyword{"возобновить", start, l::ru},
    keyword{"подписаться", start, l::ru},
    keyword{"помощь", help, l::ru}, keyword{"помогите", help, l::ru}, keyword{"справка", help, l::ru},

    keyword{"配信停止", stop, l::ja}, keyword{"ストップ", stop, l::ja}, keyword{"配信解除", stop, l::ja},
    keyword{"登録解除", stop, l::ja}, keyword{"解除", stop, l::ja}, keyword{"退会", stop, l::ja},
    keyword{"やめて", stop, l::ja},
    keyword{"開始", start, l::ja}, keyword{"スタート", start, l::ja}, keyword{"再開", start, l::ja},
    keyword{"配信再開", start, l::ja}, keyword{"登録", start, l::ja},
    keyword{"ヘルプ", help, l::ja}, keyword{"助けて", help, l::ja},

    // 停止 is Japanese as well; TD is the unsubscribe code of Chinese SMS marketing.
    keyword{"停止", stop, l::zh}, keyword{"退订", stop, l::zh}, keyword{"退訂", stop, l::zh},
    keyword{"取消", stop, l::zh}, keyword{"取消订阅", stop, l::zh}, keyword{"取消訂閱", stop, l::zh},
    keyword{"td", stop, l::zh},
    keyword{"开始", start, l::zh}, keyword{"订阅", start, l::zh}, keyword{"訂閱", start, l::zh},
    keyword{"恢复", start, l::zh}, keyword{"恢復", start, l::zh},
    keyword{"帮助", help, l::zh}, keyword{"幫助", help, l::zh}, keyword{"帮忙", help, l::zh},
    keyword{"幫忙", help, l::zh},

    // Hindi in Devanagari and in the Latin spelling many senders use.
    keyword{"रोकें", stop, l::hi}, keyword{"रोके", stop, l::hi}, keyword{"रोको", stop, l::hi},
    keyword{"रोक दो", stop, l::hi}, keyword{"बंद", stop, l::hi}, keyword{"बंद करो", stop, l::hi},
    keyword{"बंद करें", stop, l::hi}, keyword{"बंद करे", stop, l::hi},
    keyword{"सदस्यता रद्द करें", stop, l::hi}, keyword{"band karo", stop, l::hi},
    keyword{"roko", stop, l::hi},
    keyword{"शुरू", start, l::hi}, keyword{"शुरू करें", start, l::hi}, keyword{"शुरू करो", start, l::hi},
    keyword{"चालू करें", start, l::hi}, keyword{"shuru karo", start, l::hi},
    keyword{"मदद", help, l::hi}, keyword{"सहायता", help, l::hi}, keyword{"madad", help, l::hi},

    keyword{"berhenti", stop, l::id}, keyword{"henti", stop, l::id}, keyword{"hentikan", stop, l::id},
    keyword{"berhenti langganan", stop, l::id}, keyword{"batal", stop, l::id},
    keyword{"batalkan", stop, l::id},
    keyword{"mulai", start, l::id}, keyword{"lanjut", start, l::id}, keyword{"lanjutkan", start, l::id},
    keyword{"berlangganan", start, l::id}, keyword{"aktifkan", start, l::id},
    keyword{"bantuan", help, l::id}, keyword{"bantu", help, l::id},
};

// "now" is no courtesy, but "STOP NOW" is one of the commonest opt-outs there is.
constexpr auto politeness = std::to_array<std::string_view>({
    "please", "pls", "plz", "plse", "thanks", "thank you", "thx", "now",
    "lutfen", "tesekkurler", "tesekkur ederim", "sagol",
    "bitte", "danke", "danke schon",
    "s il vous plait", "s il te plait", "svp", "stp", "merci",
    "por favor", "porfa", "xfa", "gracias",
    "pfv", "obrigado", "obrigada",
    "per favore", "per piacere", "grazie",
    "alsjeblieft", "alstublieft", "aub", "graag", "bedankt", "dank je", "dank u", "dank je wel",
    "من فضلك", "لو سمحت", "رجاء", "الرجاء", "شكرا",
    "пожалуйста", "плиз", "спасибо",
    "お願いします", "おねがいします", "お願い", "ください", "下さい", "してください", "して下さい",
    "をお願いします", "をおねがいします", "ありがとう",
    "请", "請", "谢谢", "謝謝", "麻烦", "麻煩",
    "कृपया", "प्लीज", "धन्यवाद",
    "tolong", "mohon", "terima kasih", "makasih", "dong",
});

}  // namespace

std::span<const keyword> keyword_table() { return keywords; }

std::span<const std::string_view> politeness_words() { return politeness; }

}  // namespace cartbell::keywords
