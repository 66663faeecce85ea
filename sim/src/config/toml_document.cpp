#include "toml_document.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "journeysim/config/config_error.hpp"
#include "tomlpp_hazards.hpp"

namespace journeysim::config {

namespace {

[[noreturn]] void syntax_error(const toml::source_position& at, const std::string& what) {
    throw ConfigError({{"<toml>", "syntax error at line " + std::to_string(at.line) +
                                      ", column " + std::to_string(at.column) + ": " + what}});
}

// Swaps the stand-ins back in every key and string under `node`.
void restore(toml::node& node, const StandIns& stand_ins) {
    if (auto* table = node.as_table()) {
        std::vector<std::string> renamed;
        for (auto&& [key, value] : *table) {
            restore(value, stand_ins);
            if (stand_ins.restore(key.str()) != key.str()) renamed.emplace_back(key.str());
        }
        for (const auto& old : renamed) {
            const auto entry = table->find(old);
            const std::string name = stand_ins.restore(old);
            const toml::key key(name, entry->first.source());
            // "\u00E9" and a raw é were different keys to toml++ only through the swap.
            // (TOML would merge such tables; spelling the key one way is the way around it.)
            if (const auto other = table->find(name); other != table->end())
                syntax_error(std::max(key.source().begin, other->first.source().begin),
                             "cannot redefine existing key '" + name +
                                 "' (spelled both as its characters and as escapes: use one "
                                 "spelling)");
            entry->second.visit([&](auto& value) { table->insert(key, std::move(value)); });
            table->erase(old);
        }
    } else if (auto* array = node.as_array()) {
        for (auto& element : *array) restore(element, stand_ins);
    } else if (auto* text = node.as_string()) {
        text->get() = stand_ins.restore(text->get());
    }
}

}  // namespace

toml::table read_toml(std::string_view text) {
    if (auto hazard = find_tomlpp_hazard(text))
        throw ConfigError({{"<toml>", std::move(hazard->message)}});
    const StandIns stand_ins(text);
    toml::table document;
    try {
        document = toml::parse(stand_ins.text());
    } catch (const toml::parse_error& e) {
        syntax_error(e.source().begin, stand_ins.restore_message(e.description()));
    }
    if (stand_ins.any()) restore(document, stand_ins);
    return document;
}

}  // namespace journeysim::config
