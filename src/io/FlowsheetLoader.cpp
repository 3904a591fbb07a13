#include "hydrosim/io/FlowsheetLoader.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "hydrosim/core/Error.h"
#include "hydrosim/core/Quantity.h"
#include "hydrosim/core/Text.h"
#include "hydrosim/io/AssessmentLoader.h"
#include "hydrosim/io/ParameterReader.h"
#include "hydrosim/io/YamlDocument.h"
#include "hydrosim/units/Registry.h"

namespace hydrosim::io {
namespace {

const std::vector<std::string> kSections{"flowsheet", "solver",    "units",     "streams",
                                         "sources",   "economics", "compliance"};

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    parts.emplace_back(path.substr(start, dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts;
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
  const auto close = closest_matches(name, candidates, 3);
  if (close.empty()) return fmt::format("valid: {}", fmt::join(candidates, ", "));
  return fmt::format("did you mean {}?", fmt::join(close, ", "));
}

// --set path=value. The section, and under units/streams the named unit or
// stream, must exist: a typo there is an error naming the option. Below that,
// missing maps on the path are created (`economics.prices.Li2CO3` without a
// `prices:` block) and the last key may be new (an optional parameter the file
// leaves at its default); a created key that no model reads is refused by
// ParameterReader::finish, which names the option.
void apply_override(YamlDocument& document, const std::string& option, Overrides& applied) {
  const std::size_t equals = option.find('=');
  if (equals == std::string::npos || equals == 0) {
    throw InputError(
        fmt::format("--set {}: expected path=value, e.g. --set units.leach.temperature=\"85 degC\"", option));
  }
  const std::string path = option.substr(0, equals);
  const std::string value_text = option.substr(equals + 1);
  const auto parts = split_path(path);
  const std::size_t must_exist = parts[0] == "units" || parts[0] == "streams" ? 2 : 1;
  YAML::Node node;
  node.reset(document.root());
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    if (!node.IsMap()) throw InputError(fmt::format("--set {}: '{}' is not a map of parameters", option, parts[i]));
    const YAML::Node& const_node = node;
    const std::string key = parts[i].substr(0, parts[i].find('['));
    const YAML::Node next = const_node[key];
    if (!next && i >= must_exist && key == parts[i]) {
      node[key] = YAML::Node(YAML::NodeType::Map);
      const YAML::Node created = node[key];
      node.reset(created);
      continue;
    }
    if (!next) {
      std::vector<std::string> keys;
      for (const auto& entry : node) keys.push_back(entry.first.Scalar());
      throw InputError(fmt::format("--set {}: the flowsheet has no '{}' here; {}", option,
                                   fmt::join(parts.begin(), parts.begin() + static_cast<long>(i) + 1, "."),
                                   did_you_mean(parts[i], keys)));
    }
    node.reset(next);
    // "reactions[1]": an element of a list (the path ParameterReader reports).
    if (const std::size_t bracket = parts[i].find('['); bracket != std::string::npos) {
      const std::size_t close = parts[i].find(']', bracket);
      const std::string index_text =
          close == std::string::npos ? "" : parts[i].substr(bracket + 1, close - bracket - 1);
      if (!node.IsSequence() || index_text.empty() || index_text.find_first_not_of("0123456789") != std::string::npos ||
          std::stoul(index_text) >= node.size()) {
        throw InputError(fmt::format("--set {}: '{}' is not an element of a list{}", option, parts[i],
                                     node.IsSequence() ? fmt::format(" (it has {} elements)", node.size()) : ""));
      }
      node.reset(node[std::stoul(index_text)]);
    }
  }
  if (!node.IsMap()) throw InputError(fmt::format("--set {}: the parent of '{}' is not a map", option, parts.back()));
  YAML::Node value;
  try {
    value = YAML::Load(value_text);
  } catch (const YAML::Exception&) {
    value = YAML::Node(value_text);
  }
  if (!value || value.IsNull()) value = YAML::Node(value_text);
  node[parts.back()] = value;
  applied[path] = value_text;
}

// Every `source:` under the units must name an entry of the `sources:` section.
void check_citations(const YamlDocument& document, const YAML::Node& node, const std::set<std::string>& known) {
  if (node.IsMap()) {
    for (const auto& entry : node) {
      if (entry.first.Scalar() == "source") {
        std::vector<YAML::Node> keys;
        if (entry.second.IsSequence()) {
          for (const auto& item : entry.second) keys.push_back(item);
        } else {
          keys.push_back(entry.second);
        }
        for (const auto& key : keys) {
          if (!key.IsScalar() || known.count(key.Scalar()) == 0) {
            document.fail(key, fmt::format("source '{}' is not defined in the 'sources:' section of this file",
                                           key.IsScalar() ? key.Scalar() : std::string("?")));
          }
        }
      } else {
        check_citations(document, entry.second, known);
      }
    }
  } else if (node.IsSequence()) {
    for (const auto& item : node) check_citations(document, item, known);
  }
}

std::vector<std::filesystem::path> thermo_files(const ParameterReader& header, const std::filesystem::path& data_dir) {
  std::vector<std::filesystem::path> files;
  if (header.has("thermo")) {
    for (const auto& name : header.text_list("thermo")) {
      const auto file = data_dir / name;
      if (!std::filesystem::exists(file)) {
        header.fail("thermo", fmt::format("thermo-data file '{}' not found in {}", name, data_dir.string()));
      }
      files.push_back(file);
    }
    return files;
  }
  header.accept("thermo");
  return thermo::Database::files_in(data_dir);
}

// "leach.out" -> {leach, out}, with the unit and port checked.
flowsheet::PortRef parse_port(const ParameterReader& stream, std::string_view key, const flowsheet::Flowsheet& plant,
                              units::PortDirection direction) {
  const std::string text = stream.text(key);
  const std::size_t dot = text.rfind('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == text.size()) {
    stream.fail(key, fmt::format("expected <unit>.<port>, e.g. leach.out, but got '{}'", text));
  }
  flowsheet::PortRef ref{text.substr(0, dot), text.substr(dot + 1)};
  const units::Unit* unit = plant.find_unit(ref.unit);
  if (unit == nullptr) {
    std::vector<std::string> names;
    for (const auto& u : plant.units) names.push_back(u->name());
    stream.fail(key, fmt::format("there is no unit '{}'; {}", ref.unit, did_you_mean(ref.unit, names)));
  }
  const std::vector<units::PortSpec> ports = unit->ports();
  std::vector<std::string> valid;
  for (const auto& port : ports) {
    if (port.direction == direction) valid.push_back(port.name);
  }
  if (std::find(valid.begin(), valid.end(), ref.port) == valid.end()) {
    const bool wrong_direction =
        std::any_of(ports.begin(), ports.end(), [&](const units::PortSpec& p) { return p.name == ref.port; });
    const std::string_view kind = direction == units::PortDirection::kOutlet ? "outlet" : "inlet";
    if (wrong_direction) {
      stream.fail(key, fmt::format("'{}' of unit '{}' ({}) is not an {}; its {}s are: {}", ref.port, ref.unit,
                                   unit->type(), kind, kind, fmt::join(valid, ", ")));
    }
    stream.fail(
        key, fmt::format("unit '{}' ({}) has no {} '{}'; its {}s are: {}", ref.unit, unit->type(), kind, ref.port, kind,
                         valid.empty() ? std::string("(none)") : fmt::format("{}", fmt::join(valid, ", "))));
  }
  return ref;
}

void read_solver(const ParameterReader& solver, const thermo::Database& database, flowsheet::SolverSettings& settings) {
  const std::string method = solver.choice_or("method", {"wegstein", "direct", "anderson"}, "wegstein");
  settings.method = method == "wegstein"   ? flowsheet::RecycleMethod::kWegstein
                    : method == "anderson" ? flowsheet::RecycleMethod::kAnderson
                                           : flowsheet::RecycleMethod::kDirectSubstitution;
  settings.tolerance = solver.number_or("tolerance", settings.tolerance, 1e-15, 1e-2);
  settings.max_iterations = solver.integer_or("max_iterations", settings.max_iterations, 1, 100000);
  settings.q_min = solver.number_or("wegstein_q_min", settings.q_min, -100.0, 0.0);
  settings.q_max = solver.number_or("wegstein_q_max", settings.q_max, settings.q_min, 0.99);
  if (const auto tears = solver.optional_child("tear_streams")) {
    for (const auto& stream : tears->keys()) {
      const ParameterReader entry = tears->child(stream);
      flowsheet::SolverSettings::Bounds bounds{settings.q_min, settings.q_max, {}};
      bounds.q_min = entry.number_or("wegstein_q_min", bounds.q_min, -100.0, 0.0);
      bounds.q_max = entry.number_or("wegstein_q_max", bounds.q_max, bounds.q_min, 0.99);
      if (const auto initial = entry.optional_child("initial")) {
        // Species flows of the first guess: molar ("3 kmol/h") or mass ("250 kg/h") flows.
        for (const auto& name : initial->keys()) {
          std::size_t index = 0;
          try {
            index = database.index_of(name);
          } catch (const InputError& error) {
            initial->fail(name, error.what());
          }
          double flow = 0.0;
          try {
            const Quantity quantity = parse_quantity(initial->text(name));
            if (quantity.dimension == Dimension::molar_flow()) {
              flow = quantity.value;
            } else if (quantity.dimension == Dimension::mass_flow()) {
              flow = quantity.value / database.species(index).molar_mass;
            } else {
              initial->fail(name, fmt::format("expected a molar flow (\"3 kmol/h\") or a mass flow (\"250 kg/h\"), "
                                              "but this is a {}",
                                              quantity.dimension.describe()));
            }
          } catch (const InputError& error) {
            initial->fail(name, error.what());
          }
          if (flow < 0.0) initial->fail(name, "a flow cannot be negative");
          bounds.initial.emplace_back(index, flow);
        }
      }
      entry.accept("note");
      entry.finish(fmt::format("the solver settings of tear stream '{}'", stream));
      settings.tear_bounds[stream] = bounds;
    }
  }
  settings.anderson_depth = solver.integer_or("anderson_depth", settings.anderson_depth, 0, 50);
  settings.anderson_damping = solver.number_or("anderson_damping", settings.anderson_damping, 0.01, 1.0);
  settings.anderson_delay = solver.integer_or("anderson_delay", settings.anderson_delay, 0, 100000);
  solver.finish("the solver block");
}

}  // namespace

flowsheet::Flowsheet load_flowsheet(const std::filesystem::path& path, const LoadOptions& options) {
  YamlDocument document = YamlDocument::load_file(path);
  Overrides overrides;
  for (const auto& option : options.overrides) apply_override(document, option, overrides);

  const YAML::Node& root = document.root();
  if (!root.IsMap()) document.fail(root, "a flowsheet file must be a map with 'units' and 'streams' sections");
  for (const auto& section : root) {
    const std::string name = section.first.Scalar();
    if (std::find(kSections.begin(), kSections.end(), name) == kSections.end()) {
      document.fail(section.first, fmt::format("unknown section '{}'; {}", name, did_you_mean(name, kSections)));
    }
  }

  flowsheet::Flowsheet plant;
  plant.origin = path.string();
  plant.text = document.text();
  plant.overrides = options.overrides;

  const ParameterReader top(document, root, "", &overrides);
  const auto header = top.optional_child("flowsheet");
  const ParameterReader empty(document, YAML::Node(), "flowsheet", &overrides);
  const ParameterReader& info = header ? *header : empty;
  plant.name = info.text_or("name", path.stem().string());
  plant.description = info.text_or("description", "");
  plant.basis_feed = info.text_or("basis_feed", "");
  const auto data_dir = options.data_dir.empty() ? thermo::Database::default_data_dir() : options.data_dir;
  const auto files = thermo_files(info, data_dir);
  plant.database =
      options.database ? options.database : std::make_shared<const thermo::Database>(thermo::Database::load(files));
  info.finish("the flowsheet header");

  if (const auto solver = top.optional_child("solver")) read_solver(*solver, *plant.database, plant.solver);

  std::set<std::string> citation_keys;
  if (const auto sources = top.optional_child("sources")) {
    for (const auto& key : sources->keys()) {
      plant.sources[key] = sources->text(key);
      citation_keys.insert(key);
    }
  }

  const ParameterReader units_block = top.child("units");
  for (const auto& unit_name : units_block.keys()) {
    if (unit_name.empty() || unit_name.find_first_of(". ") != std::string::npos) {
      units_block.fail(unit_name, "unit names may not contain '.' or spaces");
    }
    const ParameterReader parameters = units_block.child(unit_name);
    const std::string type = parameters.text("type");
    auto unit = units::create_unit(type, unit_name);
    if (!unit) {
      parameters.fail("type", fmt::format("unknown unit type '{}'; valid types: {}", type,
                                          fmt::join(units::unit_type_names(), ", ")));
    }
    parameters.accept("source");
    parameters.accept("note");
    unit->configure(parameters, plant.database);
    parameters.finish(fmt::format("unit '{}' ({})", unit_name, type));
    plant.units.push_back(std::move(unit));
  }
  check_citations(document, root["units"], citation_keys);

  // Streams: each outlet feeds exactly one inlet; an inlet takes one stream
  // unless it accepts many (Mixer.in); no port is left open.
  std::map<std::string, std::string> port_owner;  // "unit.port" -> stream name
  const ParameterReader streams_block = top.child("streams");
  for (const auto& stream_name : streams_block.keys()) {
    const ParameterReader stream = streams_block.child(stream_name);
    flowsheet::Connection connection;
    connection.name = stream_name;
    connection.from = parse_port(stream, "from", plant, units::PortDirection::kOutlet);
    connection.to = parse_port(stream, "to", plant, units::PortDirection::kInlet);
    stream.accept("note");
    stream.finish(fmt::format("stream '{}'", stream_name));
    const std::string from_key = connection.from.unit + "." + connection.from.port;
    if (const auto it = port_owner.find(from_key); it != port_owner.end()) {
      stream.fail("from", fmt::format("outlet {} is already connected by stream '{}'; an outlet feeds one stream "
                                      "(use a Splitter to divide it)",
                                      from_key, it->second));
    }
    port_owner[from_key] = stream_name;
    const std::string to_key = connection.to.unit + "." + connection.to.port;
    const units::Unit* target = plant.find_unit(connection.to.unit);
    bool many = false;
    for (const auto& port : target->ports()) {
      if (port.name == connection.to.port) many = port.accepts_many;
    }
    if (const auto it = port_owner.find(to_key); it != port_owner.end() && !many) {
      stream.fail("to", fmt::format("inlet {} is already connected by stream '{}'; an inlet takes one stream "
                                    "(use a Mixer to combine streams)",
                                    to_key, it->second));
    }
    port_owner[to_key] = stream_name;
    plant.connections.push_back(std::move(connection));
  }
  if (const auto solver = top.optional_child("solver"); solver && solver->has("tear_streams")) {
    const ParameterReader tears = solver->child("tear_streams");
    for (const auto& stream : tears.keys()) {
      const bool known = std::any_of(plant.connections.begin(), plant.connections.end(),
                                     [&](const flowsheet::Connection& c) { return c.name == stream; });
      if (!known) tears.fail(stream, fmt::format("'{}' is not a stream of this flowsheet", stream));
    }
  }
  for (const auto& unit : plant.units) {
    for (const auto& port : unit->ports()) {
      if (port_owner.count(unit->name() + "." + port.name) == 0) {
        units_block.fail(unit->name(), fmt::format("the {} '{}' of unit '{}' ({}) is not connected to any stream",
                                                   port.direction == units::PortDirection::kInlet ? "inlet" : "outlet",
                                                   port.name, unit->name(), unit->type()));
      }
    }
  }
  if (!plant.basis_feed.empty()) {
    const units::Unit* basis = plant.find_unit(plant.basis_feed);
    if (basis == nullptr || basis->role() != units::Role::kFeed) {
      info.fail("basis_feed", fmt::format("'{}' is not a Feed unit of this flowsheet", plant.basis_feed));
    }
  }
  plant.assessment = load_assessment_inputs(
      top, plant, options.flowsheet_dir.empty() ? path.parent_path() : options.flowsheet_dir, data_dir);
  top.finish("a flowsheet file");
  return plant;
}

}  // namespace hydrosim::io
