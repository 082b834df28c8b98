#include "widgets/i18n/InterfaceLanguage.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QSettings>
#include <QTranslator>

namespace attnscope {

QStringList InterfaceLanguage::available() {
    return {QStringLiteral("en"), QStringLiteral("zh_CN")};
}

QString InterfaceLanguage::nativeName(const QString& language) {
    if (language == QLatin1String("zh_CN")) return QStringLiteral("中文 (简体)");
    return QStringLiteral("English");
}

QString InterfaceLanguage::resolve(const QString& saved, const QLocale& system) {
    if (available().contains(saved)) return saved;
    const bool simplifiedChinese =
        system.language() == QLocale::Chinese && system.script() == QLocale::SimplifiedHanScript;
    return simplifiedChinese ? QStringLiteral("zh_CN") : QStringLiteral("en");
}

QString InterfaceLanguage::current(const QSettings& settings) {
    return resolve(settings.value(kSettingsKey).toString());
}

void InterfaceLanguage::save(QSettings& settings, const QString& language) {
    settings.setValue(kSettingsKey, language);
}

bool InterfaceLanguage::install(const QString& language) {
    if (language == QLatin1String("en") || !available().contains(language)) return true;
    auto* app = QCoreApplication::instance();
    auto* own = new QTranslator(app);
    if (!own->load(QStringLiteral(":/i18n/attnscope_%1.qm").arg(language))) {
        delete own;
        return false;
    }
    QCoreApplication::installTranslator(own);
    // Qt's translation of its own dialogs (Save, Discard, Cancel, the file dialog), when the
    // system has one (Debian: qt6-translations-l10n).
    auto* qt = new QTranslator(app);
    if (qt->load(QStringLiteral("qtbase_%1").arg(language),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return true;
}

}  // namespace attnscope
