// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ocw {

enum class JsonKind : quint8 { Null, Bool, Number, String, Object, Array };

// One value of a parsed document, with the byte range it occupies in the source.
// Nodes live in one flat vector; children are linked through indices, so a large file costs one
// allocation per key longer than the small-string buffer, not one per node.
struct JsonNode {
    JsonKind kind = JsonKind::Null;
    bool boolValue = false;
    int parent = -1;
    int firstChild = -1;
    int lastChild = -1;
    int nextSibling = -1;
    int previousSibling = -1;
    int childCount = 0;
    int indexInParent = 0;
    qsizetype start = 0;     // offset of the value's first byte
    qsizetype end = 0;       // offset one past its last byte
    qsizetype keyStart = -1; // object members: offset of the key's opening quote
    qsizetype keyEnd = -1;   // object members: offset one past the key's closing quote
    std::string key;         // object members: the decoded key
};

struct JsonSyntaxError {
    enum class Kind { Syntax, Empty, Encoding, TooDeep };
    Kind kind = Kind::Syntax;
    qsizetype offset = 0;
    QString message;
    QString pointer; // the innermost value being read when the error was found
};

// A JSON text parsed into a tree that remembers where every key and value stands in the source
// bytes, so that problems can name line and column and edits can replace exactly one value.
// Parsing never recurses: deeply nested hostile input ends in an error, not a stack overflow.
class SourceJson final
{
public:
    static constexpr int DefaultMaxDepth = 1000;

    static SourceJson parse(const QByteArray &source, int maxDepth = DefaultMaxDepth);

    const QByteArray &source() const { return m_source; }
    bool isValid() const { return !m_error.has_value(); }
    const std::optional<JsonSyntaxError> &error() const { return m_error; }

    int root() const { return m_nodes.empty() ? -1 : 0; }
    int nodeCount() const { return int(m_nodes.size()); }
    const JsonNode &node(int index) const { return m_nodes[std::size_t(index)]; }

    // The member named `key` of an object (the last one when the key repeats, as Go decodes it), or -1.
    int member(int object, std::string_view key) const;
    // The element at `index` of an array, or -1.
    int element(int array, int index) const;
    // The node that a JSON pointer ("/a/b~1c/0") names, or -1.
    int find(QStringView pointer) const;
    // The JSON pointer of a node.
    QString pointer(int node) const;
    // The bytes of a node as written in the source (a number's literal, a string with its quotes).
    QByteArray rawText(int node) const;
    // A string node's value with its escapes decoded. Decoding happens here, on demand, so that parsing
    // a large file does not copy every string in it.
    std::string stringValue(int node) const;

private:
    friend class SourceJsonBuilder;
    QByteArray m_source;
    std::vector<JsonNode> m_nodes;
    std::optional<JsonSyntaxError> m_error;
};

QString jsonKindName(JsonKind kind);

// Decoded JSON text (a key, a string's value) as a QString with every character kept: QString::fromUtf8
// drops a leading byte order mark, which in JSON is a character like any other, and Go's decoder compares it.
QString jsonText(std::string_view utf8);

} // namespace ocw
