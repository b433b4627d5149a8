// SPDX-License-Identifier: Apache-2.0
#include "jsonpointer.h"

namespace ocw::JsonPointer {

QString escape(QStringView token)
{
    QString escaped;
    escaped.reserve(token.size());
    for (QChar c : token) {
        if (c == u'~')
            escaped += u"~0";
        else if (c == u'/')
            escaped += u"~1";
        else
            escaped += c;
    }
    return escaped;
}

std::optional<QStringList> split(QStringView pointer)
{
    if (pointer.isEmpty())
        return QStringList{};
    if (pointer.front() != u'/')
        return std::nullopt;
    QStringList tokens;
    QString current;
    for (qsizetype i = 1; i <= pointer.size(); ++i) {
        if (i == pointer.size() || pointer[i] == u'/') {
            tokens.append(current);
            current.clear();
            continue;
        }
        const QChar c = pointer[i];
        if (c == u'~') {
            if (i + 1 >= pointer.size())
                return std::nullopt;
            const QChar next = pointer[++i];
            if (next == u'0')
                current += u'~';
            else if (next == u'1')
                current += u'/';
            else
                return std::nullopt;
        } else {
            current += c;
        }
    }
    return tokens;
}

QString join(const QStringList &tokens)
{
    QString pointer;
    for (const QString &token : tokens)
        pointer += u'/' + escape(token);
    return pointer;
}

QString append(QStringView pointer, QStringView token)
{
    return pointer.toString() + u'/' + escape(token);
}

} // namespace ocw::JsonPointer
