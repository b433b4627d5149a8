// SPDX-License-Identifier: Apache-2.0
#include "sourcejson.h"

#include "jsonpointer.h"
#include "lineindex.h"

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <cstring>

namespace ocw {

namespace {

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

QString syntaxMessage(rapidjson::ParseErrorCode code)
{
    switch (code) {
    case rapidjson::kParseErrorDocumentEmpty:
        return QStringLiteral("the document is empty; expected a JSON object");
    case rapidjson::kParseErrorDocumentRootNotSingular:
        return QStringLiteral("unexpected text after the end of the JSON document");
    case rapidjson::kParseErrorValueInvalid:
        return QStringLiteral("invalid value; expected a string, number, object, array, true, false or null");
    case rapidjson::kParseErrorObjectMissName:
        return QStringLiteral("expected a quoted key (JSON allows no trailing comma and no comments)");
    case rapidjson::kParseErrorObjectMissColon:
        return QStringLiteral("expected ':' after the key");
    case rapidjson::kParseErrorObjectMissCommaOrCurlyBracket:
        return QStringLiteral("expected ',' or '}' after the object member");
    case rapidjson::kParseErrorArrayMissCommaOrSquareBracket:
        return QStringLiteral("expected ',' or ']' after the array element");
    case rapidjson::kParseErrorStringUnicodeEscapeInvalidHex:
        return QStringLiteral("invalid \\u escape: expected four hexadecimal digits");
    case rapidjson::kParseErrorStringUnicodeSurrogateInvalid:
        return QStringLiteral("invalid surrogate pair in a \\u escape");
    case rapidjson::kParseErrorStringEscapeInvalid:
        return QStringLiteral("invalid escape in a string (allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
    case rapidjson::kParseErrorStringMissQuotationMark:
        return QStringLiteral("unterminated string: the closing quote is missing");
    case rapidjson::kParseErrorStringInvalidEncoding:
        return QStringLiteral("invalid UTF-8 in a string; KrakenD reads UTF-8 text");
    case rapidjson::kParseErrorNumberTooBig:
        return QStringLiteral("number too large");
    case rapidjson::kParseErrorNumberMissFraction:
        return QStringLiteral("invalid number: digits expected after the decimal point");
    case rapidjson::kParseErrorNumberMissExponent:
        return QStringLiteral("invalid number: digits expected in the exponent");
    default:
        return QString::fromUtf8(rapidjson::GetParseError_En(code));
    }
}

} // namespace

// Turns RapidJSON's SAX events into SourceJson nodes. RapidJSON reports where a token ends; where it
// starts follows from the previous token's end: only white space, ':' and ',' lie between tokens.
class SourceJsonBuilder final : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, SourceJsonBuilder>
{
public:
    SourceJsonBuilder(SourceJson &doc, rapidjson::MemoryStream &stream, int maxDepth)
        : m_doc(doc), m_stream(stream), m_data(doc.m_source.constData()), m_size(doc.m_source.size()),
          m_maxDepth(maxDepth)
    {
    }

    bool Null() { return scalar(JsonKind::Null); }
    bool Bool(bool value)
    {
        JsonNode &n = m_doc.m_nodes[std::size_t(addNode(JsonKind::Bool, true))];
        n.boolValue = value;
        return true;
    }
    bool RawNumber(const char *, rapidjson::SizeType, bool) { return scalar(JsonKind::Number); }
    bool String(const char *, rapidjson::SizeType, bool) { return scalar(JsonKind::String); }
    bool Key(const char *str, rapidjson::SizeType length, bool)
    {
        m_pendingKeyStart = skipSeparators(m_cursor);
        m_pendingKeyEnd = qsizetype(m_stream.Tell());
        m_pendingKey.assign(str, length);
        m_cursor = m_pendingKeyEnd;
        return true;
    }
    bool StartObject() { return open(JsonKind::Object); }
    bool StartArray() { return open(JsonKind::Array); }
    bool EndObject(rapidjson::SizeType) { return close(); }
    bool EndArray(rapidjson::SizeType) { return close(); }

    bool depthExceeded() const { return m_depthExceeded; }
    // The opening bracket of the innermost object or array not yet closed, or -1.
    qsizetype innermostOpenStart() const { return m_open.empty() ? -1 : m_doc.node(m_open.back()).start; }

    // The pointer of the value being read when parsing stopped.
    QString openPointer() const
    {
        if (m_open.empty())
            return QString();
        QString pointer = m_doc.pointer(m_open.back());
        if (m_doc.node(m_open.back()).kind == JsonKind::Object && m_pendingKeyStart >= 0)
            pointer = JsonPointer::append(pointer, QString::fromStdString(m_pendingKey));
        return pointer;
    }

private:
    qsizetype skipSeparators(qsizetype pos) const
    {
        while (pos < m_size && (isJsonSpace(m_data[pos]) || m_data[pos] == ':' || m_data[pos] == ','))
            ++pos;
        return pos;
    }

    bool scalar(JsonKind kind)
    {
        addNode(kind, true);
        return true;
    }

    int addNode(JsonKind kind, bool isScalar)
    {
        auto &nodes = m_doc.m_nodes;
        const int index = int(nodes.size());
        JsonNode &n = nodes.emplace_back();
        n.kind = kind;
        n.start = skipSeparators(m_cursor);
        if (isScalar) {
            n.end = qsizetype(m_stream.Tell());
            m_cursor = n.end;
        } else {
            m_cursor = n.start + 1;
        }
        if (!m_open.empty()) {
            const int parentIndex = m_open.back();
            JsonNode &parent = nodes[std::size_t(parentIndex)];
            n.parent = parentIndex;
            n.indexInParent = parent.childCount++;
            if (parent.lastChild >= 0) {
                nodes[std::size_t(parent.lastChild)].nextSibling = index;
                n.previousSibling = parent.lastChild;
            } else {
                parent.firstChild = index;
            }
            parent.lastChild = index;
            if (parent.kind == JsonKind::Object) {
                n.key = std::move(m_pendingKey);
                n.keyStart = m_pendingKeyStart;
                n.keyEnd = m_pendingKeyEnd;
                m_pendingKey.clear();
                m_pendingKeyStart = m_pendingKeyEnd = -1;
            }
        }
        return index;
    }

    bool open(JsonKind kind)
    {
        if (int(m_open.size()) >= m_maxDepth) {
            m_depthExceeded = true;
            m_depthOffset = skipSeparators(m_cursor);
            return false;
        }
        m_open.push_back(addNode(kind, false));
        return true;
    }

    bool close()
    {
        const qsizetype bracket = skipSeparators(m_cursor);
        JsonNode &n = m_doc.m_nodes[std::size_t(m_open.back())];
        n.end = bracket + 1;
        m_cursor = n.end;
        m_open.pop_back();
        return true;
    }

public:
    qsizetype m_depthOffset = 0;

private:
    SourceJson &m_doc;
    rapidjson::MemoryStream &m_stream;
    const char *m_data;
    qsizetype m_size;
    int m_maxDepth;
    qsizetype m_cursor = 0;
    std::vector<int> m_open;
    std::string m_pendingKey;
    qsizetype m_pendingKeyStart = -1;
    qsizetype m_pendingKeyEnd = -1;
    bool m_depthExceeded = false;
};

SourceJson SourceJson::parse(const QByteArray &source, int maxDepth)
{
    SourceJson doc;
    doc.m_source = source;
    doc.m_nodes.reserve(std::size_t(source.size() / 48 + 16)); // about one value per 48 bytes in real configs

    // RapidJSON reads a NUL byte as the end of input, so a binary file is caught before it.
    if (const void *nul = std::memchr(source.constData(), 0, std::size_t(source.size()))) {
        const qsizetype offset = static_cast<const char *>(nul) - source.constData();
        const bool utf16 = source.startsWith("\xFF\xFE") || source.startsWith("\xFE\xFF");
        doc.m_error = JsonSyntaxError{JsonSyntaxError::Kind::Encoding, offset,
                                      utf16 ? QStringLiteral("the file is UTF-16 text; KrakenD reads UTF-8 JSON")
                                            : QStringLiteral("the file holds a NUL byte: it is binary, not JSON text"),
                                      QString()};
        doc.m_nodes.clear();
        return doc;
    }

    rapidjson::MemoryStream stream(source.constData(), std::size_t(source.size()));
    SourceJsonBuilder builder(doc, stream, maxDepth);
    rapidjson::Reader reader;
    constexpr unsigned flags = rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag
                             | rapidjson::kParseNumbersAsStringsFlag;
    const rapidjson::ParseResult result = reader.Parse<flags>(stream, builder);
    if (!result) {
        JsonSyntaxError error;
        if (builder.depthExceeded()) {
            // A pointer a thousand levels long helps nobody: the position says where.
            error.kind = JsonSyntaxError::Kind::TooDeep;
            error.offset = builder.m_depthOffset;
            error.message = QStringLiteral("the JSON nests deeper than %1 levels; no KrakenD config needs that")
                                .arg(maxDepth);
        } else {
            error.pointer = builder.openPointer();
            error.offset = qsizetype(result.Offset());
            error.message = syntaxMessage(result.Code());
            const qsizetype size = source.size();
            qsizetype rest = error.offset;
            while (rest < size && isJsonSpace(source[rest]))
                ++rest;
            if (error.offset < size && static_cast<unsigned char>(source[error.offset]) < 0x20
                && result.Code() != rapidjson::kParseErrorDocumentEmpty) {
                error.message = QStringLiteral("a string holds a raw control character (a line break or a tab); JSON "
                                               "needs it escaped, e.g. \\n or \\t");
            } else if (rest >= size && builder.innermostOpenStart() >= 0) {
                const bool object = source[builder.innermostOpenStart()] == '{';
                const TextPosition opened = LineIndex(source).position(builder.innermostOpenStart());
                error.message = QStringLiteral("the file ends inside an %1: a closing '%2' is missing (the %1 opens at "
                                               "line %3, column %4)")
                                    .arg(object ? QStringLiteral("object") : QStringLiteral("array"))
                                    .arg(object ? QStringLiteral("}") : QStringLiteral("]"))
                                    .arg(opened.line)
                                    .arg(opened.column);
            }
            if (result.Code() == rapidjson::kParseErrorDocumentEmpty)
                error.kind = JsonSyntaxError::Kind::Empty;
            else if (result.Code() == rapidjson::kParseErrorStringInvalidEncoding)
                error.kind = JsonSyntaxError::Kind::Encoding;
        }
        doc.m_error = std::move(error);
        doc.m_nodes.clear();
        doc.m_nodes.shrink_to_fit();
    }
    return doc;
}

int SourceJson::member(int object, std::string_view key) const
{
    if (object < 0 || node(object).kind != JsonKind::Object)
        return -1;
    int found = -1;
    for (int child = node(object).firstChild; child >= 0; child = node(child).nextSibling) {
        if (node(child).key == key)
            found = child;
    }
    return found;
}

int SourceJson::element(int array, int index) const
{
    if (array < 0 || node(array).kind != JsonKind::Array || index < 0)
        return -1;
    int child = node(array).firstChild;
    for (int i = 0; child >= 0 && i < index; ++i)
        child = node(child).nextSibling;
    return child;
}

int SourceJson::find(QStringView pointer) const
{
    const auto tokens = JsonPointer::split(pointer);
    if (!tokens)
        return -1;
    int current = root();
    for (const QString &token : *tokens) {
        if (current < 0)
            return -1;
        const JsonNode &n = node(current);
        if (n.kind == JsonKind::Object) {
            current = member(current, token.toStdString());
        } else if (n.kind == JsonKind::Array) {
            bool ok = false;
            const int index = token.toInt(&ok);
            current = ok && (token == u"0" || !token.startsWith(u'0')) ? element(current, index) : -1;
        } else {
            return -1;
        }
    }
    return current;
}

QString jsonText(std::string_view utf8)
{
    static constexpr std::string_view bom = "\xEF\xBB\xBF";
    std::size_t marks = 0;
    while (utf8.substr(marks * bom.size()).starts_with(bom))
        ++marks;
    const std::string_view rest = utf8.substr(marks * bom.size());
    return QString(qsizetype(marks), QChar(0xFEFF)) + QString::fromUtf8(rest.data(), qsizetype(rest.size()));
}

QString SourceJson::pointer(int index) const
{
    QStringList tokens;
    for (int current = index; current >= 0 && node(current).parent >= 0; current = node(current).parent) {
        const JsonNode &n = node(current);
        tokens.prepend(node(n.parent).kind == JsonKind::Object ? jsonText(n.key)
                                                               : QString::number(n.indexInParent));
    }
    return JsonPointer::join(tokens);
}

QByteArray SourceJson::rawText(int index) const
{
    const JsonNode &n = node(index);
    return m_source.mid(n.start, n.end - n.start);
}

namespace {

// Collects the one string of a JSON text made of a single string token.
struct StringCollector final : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, StringCollector> {
    std::string value;
    bool String(const char *str, rapidjson::SizeType length, bool)
    {
        value.assign(str, length);
        return true;
    }
};

} // namespace

std::string SourceJson::stringValue(int index) const
{
    const JsonNode &n = node(index);
    if (n.kind != JsonKind::String || n.end - n.start < 2)
        return {};
    const char *begin = m_source.constData() + n.start + 1;
    const std::size_t length = std::size_t(n.end - n.start - 2);
    if (!std::memchr(begin, '\\', length))
        return std::string(begin, length);
    // Escapes: let RapidJSON decode the token it already accepted once.
    rapidjson::MemoryStream stream(m_source.constData() + n.start, std::size_t(n.end - n.start));
    StringCollector collector;
    rapidjson::Reader().Parse(stream, collector);
    return collector.value;
}

QString jsonKindName(JsonKind kind)
{
    switch (kind) {
    case JsonKind::Null:
        return QStringLiteral("null");
    case JsonKind::Bool:
        return QStringLiteral("a boolean");
    case JsonKind::Number:
        return QStringLiteral("a number");
    case JsonKind::String:
        return QStringLiteral("a string");
    case JsonKind::Object:
        return QStringLiteral("an object");
    case JsonKind::Array:
        return QStringLiteral("an array");
    }
    return QString();
}

} // namespace ocw
