#include "datasets/composite.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "datasets/adapters.h"
#include "datasets/table.h"
#include "framework/common/error.h"
#include "framework/common/log.h"
#include "framework/common/strings.h"
#include "framework/config/access.h"

namespace merlab {
namespace {

const std::vector<std::string> kMegcClasses = {"negative", "positive", "surprise"};

// Letters and digits in lower case: "SMIC-HS" -> "smichs", "CASME II" -> "casmeii".
std::string alnum_lower(const std::string& s) {
  std::string out;
  for (unsigned char c : s)
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
  return out;
}

std::string dataset_key(const std::string& s) {
  std::string k = alnum_lower(s);
  if (k.rfind("casmeii", 0) == 0) k = "casme2" + k.substr(7);
  return k;
}

// A subject by its number when it ends in digits (sub01, s1, 006, spNO.1 -> "1"), else itself.
std::string subject_key(const std::string& s) {
  const std::string t = trim(s);
  std::size_t i = t.size();
  while (i > 0 && std::isdigit(static_cast<unsigned char>(t[i - 1]))) --i;
  if (i == t.size()) return alnum_lower(t);
  std::string digits = t.substr(i);
  digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));
  return digits;
}

// Case-blind, leading zeros of every digit group dropped: "s01_ne_01" -> "s1_ne_1".
std::string filename_key(const std::string& s) {
  std::string t = trim(s), out;
  for (std::size_t i = 0; i < t.size();) {
    if (std::isdigit(static_cast<unsigned char>(t[i]))) {
      std::size_t j = i;
      while (j < t.size() && std::isdigit(static_cast<unsigned char>(t[j]))) ++j;
      std::string group = t.substr(i, j - i);
      group.erase(0, std::min(group.find_first_not_of('0'), group.size() - 1));
      out += group;
      i = j;
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(t[i])));
      ++i;
    }
  }
  return out;
}

// Messages of a part's adapter name its keys under `dataset.`; inside a composite they live
// under `where` (dataset.parts[1], dataset.smic).
std::string relocate_keys(std::string message, const std::string& where) {
  const std::string from = "config key 'dataset.", to = "config key '" + where + ".";
  for (std::size_t at = message.find(from); at != std::string::npos; at = message.find(from, at + to.size()))
    message.replace(at, from.size(), to);
  return message;
}

struct PartSpec {
  YAML::Node node;    // the adapter's own node (name, root, ...)
  std::string label;  // unique part label
  std::string where;  // config path for messages
};

// Keys the composite gives to every part.
const std::vector<std::string> kShared = {"protocol", "frames", "verify_images"};

DatasetLoad load_parts(const std::string& name, const std::vector<PartSpec>& parts, const YAML::Node& node,
                       const Limits& limits) {
  DatasetLoad result;
  result.name = name;
  result.frames = cfg::choice(node, "frames", "raw", {"raw", "cropped", "aligned"}, "dataset");
  std::vector<DatasetLoad> loads;
  for (const auto& part : parts) {
    YAML::Node n = YAML::Clone(part.node);
    for (const auto& key : kShared) {
      // frames always: one composite must not mix raw frames of one part with crops of another.
      const YAML::Node value = key == "frames" ? YAML::Node(result.frames) : node[key];
      if (!value) continue;
      if (n[key] && YAML::Dump(n[key]) != YAML::Dump(value))
        throw ConfigError("config key '" + part.where + "." + key + "': the composite sets dataset." + key + "=" +
                          YAML::Dump(value) + " for every part; remove it from the part");
      n[key] = YAML::Clone(value);
    }
    try {
      loads.push_back(load_dataset(n, limits));
    } catch (const ConfigError& e) {
      throw ConfigError(relocate_keys(e.what(), part.where));
    } catch (const RuntimeError& e) {
      throw RuntimeError("dataset part " + part.label + ": " + std::string(e.what()));
    }
    const DatasetLoad& d = loads.back();
    if (loads.size() == 1) {
      result.protocol = d.protocol;
      result.class_names = d.class_names;
    } else if (d.class_names != result.class_names) {
      throw ConfigError("config key '" + part.where + "': part " + part.label + " has the classes " +
                        join(d.class_names, ", ") + " (protocol " + d.protocol + ") but part " + parts.front().label +
                        " has " + join(result.class_names, ", ") +
                        "; set dataset.protocol to one protocol every part defines (e.g. megc_3class)");
    }
  }
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& label = parts[i].label;
    DatasetLoad& d = loads[i];
    for (auto& c : d.clips) {
      c.dataset = label;
      c.subject = label + "/" + c.subject;
      c.clip_id = label + "/" + c.clip_id;
      result.clips.push_back(std::move(c));
    }
    for (auto& p : d.problems) {
      p.clip_id = p.clip_id.empty() ? p.clip_id : label + "/" + p.clip_id;
      p.message = "[" + label + "] " + p.message;
      result.problems.push_back(std::move(p));
    }
    for (const auto& [reason, n] : d.dropped_by_reason) result.dropped_by_reason[label + ": " + reason] += n;
    for (const auto& line : d.corrections_applied) result.corrections_applied.push_back(label + ": " + line);
    result.sheet_rows += d.sheet_rows;
  }
  return result;
}

// Keeps the clips the ground truth lists (with its class) and reports its rows without a clip.
void select_ground_truth(DatasetLoad& d, const std::vector<PartSpec>& parts, const YAML::Node& part_names,
                         const std::filesystem::path& file, const Limits& limits) {
  const auto rows = read_composite_ground_truth(file, limits);
  if (d.class_names != kMegcClasses)
    throw ConfigError("config key 'dataset.ground_truth': the MEGC ground truth has the classes negative, positive, "
                      "surprise but the parts have " + join(d.class_names, ", ") + "; use dataset.protocol=megc_3class");
  // Which part a Dataset cell names: by label, then by adapter name, each as a prefix.
  auto part_of = [&](const std::string& cell) -> std::string {
    const std::string k = dataset_key(cell);
    for (int pass = 0; pass < 2; ++pass)
      for (std::size_t i = 0; i < parts.size(); ++i) {
        const std::string p = dataset_key(pass == 0 ? parts[i].label : part_names[i].Scalar());
        if (!p.empty() && k.rfind(p, 0) == 0) return parts[i].label;
      }
    return "";
  };
  std::map<std::string, std::size_t> index;  // part \x1f subject key \x1f filename key -> clip
  for (std::size_t i = 0; i < d.clips.size(); ++i) {
    const Clip& c = d.clips[i];
    const std::string subject = c.subject.substr(c.dataset.size() + 1);
    const std::string clip_name = c.clip_id.substr(c.clip_id.rfind('/') + 1);
    index.emplace(c.dataset + '\x1f' + subject_key(subject) + '\x1f' + filename_key(clip_name), i);
  }
  std::vector<int> gt_label(d.clips.size(), -1);
  std::size_t missing = 0, mismatched = 0;
  for (const auto& r : rows) {
    const std::string at = file.string() + " line " + std::to_string(r.line);
    const std::string part = part_of(r.dataset);
    if (part.empty()) {
      d.problems.push_back({Problem::Severity::error, "ground_truth", "",
                            at + ": dataset '" + r.dataset + "' is none of the parts (" +
                                join([&] {
                                  std::vector<std::string> v;
                                  for (const auto& p : parts) v.push_back(p.label);
                                  return v;
                                }(), ", ") + ")"});
      ++missing;
      continue;
    }
    auto it = index.find(part + '\x1f' + subject_key(r.subject) + '\x1f' + filename_key(r.filename));
    if (it == index.end()) {
      d.problems.push_back({Problem::Severity::error, "missing_clip", part + "/" + r.subject + "/" + r.filename,
                            at + ": clip " + r.subject + "/" + r.filename + " of " + part +
                                " is not among its usable clips (absent from the tree or sheet, or dropped: see the [" +
                                part + "] problems)"});
      ++missing;
      continue;
    }
    if (gt_label[it->second] >= 0) {
      d.problems.push_back({Problem::Severity::error, "ground_truth", d.clips[it->second].clip_id,
                            at + ": clip " + d.clips[it->second].clip_id + " is listed twice; this row ignored"});
      continue;
    }
    gt_label[it->second] = r.label;
    Clip& c = d.clips[it->second];
    if (c.label != r.label) {
      ++mismatched;
      d.problems.push_back({Problem::Severity::warning, "label_mismatch", c.clip_id,
                            at + ": clip " + c.clip_id + " is " + kMegcClasses[static_cast<std::size_t>(r.label)] +
                                " in the ground truth but " + d.class_names[static_cast<std::size_t>(c.label)] +
                                " (" + c.emotion + ") in its part; the ground truth's class is used"});
      c.label = r.label;
    }
  }
  std::vector<Clip> kept;
  for (std::size_t i = 0; i < d.clips.size(); ++i) {
    if (gt_label[i] >= 0) kept.push_back(std::move(d.clips[i]));
    else ++d.dropped_by_reason[d.clips[i].dataset + ": not in ground truth"];
  }
  d.clips = std::move(kept);
  log::info("dataset {}: ground truth {} lists {} clips: {} selected, {} missing, {} relabelled", d.name,
            file.string(), rows.size(), d.clips.size(), missing, mismatched);
}

DatasetLoad finish(DatasetLoad d, const std::vector<PartSpec>& parts, const YAML::Node& part_names,
                   const YAML::Node& node, const Limits& limits) {
  std::string gt = node["ground_truth"] && node["ground_truth"].IsScalar() ? trim(node["ground_truth"].Scalar()) : "";
  if (!gt.empty() && gt != "null" && gt != "~" && gt != "???") select_ground_truth(d, parts, part_names, gt, limits);
  if (d.clips.empty())
    d.problems.push_back({Problem::Severity::error, "no_clips", "", "no usable clip in any part"});
  for (const auto& p : parts) {
    std::set<std::string> subjects;
    std::size_t clips = 0;
    for (const auto& c : d.clips)
      if (c.dataset == p.label) {
        ++clips;
        subjects.insert(c.subject);
      }
    log::info("dataset {}: part {}: {} clips from {} subjects", d.name, p.label, clips, subjects.size());
  }
  log_load(d);
  return d;
}

}  // namespace

std::string composite_part_of(const std::string& subject) {
  const auto slash = subject.find('/');
  return slash == std::string::npos ? "" : subject.substr(0, slash);
}

std::vector<GroundTruthRow> read_composite_ground_truth(const std::filesystem::path& path, const Limits& limits) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw RuntimeError("ground truth " + path.string() + " not found (config key 'dataset.ground_truth')");
  const Table t = read_table(path, limits);
  std::vector<GroundTruthRow> rows;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    std::vector<std::string> cells;
    for (const auto& c : t.rows[r]) cells.push_back(trim(c));
    while (!cells.empty() && cells.back().empty()) cells.pop_back();
    if (cells.empty()) continue;
    const std::string at = path.string() + " line " + std::to_string(r + 1);
    if (cells.size() != 4)
      throw RuntimeError(at + ": expected 4 cells (Dataset, Subject, Filename, Class), got " +
                         std::to_string(cells.size()));
    const std::string cls = alnum_lower(cells[3]);
    int label = cls == "0" || cls == "negative" ? 0 : cls == "1" || cls == "positive" ? 1
                : cls == "2" || cls == "surprise" ? 2 : -1;
    if (label < 0) {
      if (rows.empty() && cls == "class") continue;  // a header row
      throw RuntimeError(at + ": class '" + cells[3] + "' is not 0, 1, 2 (negative, positive, surprise)");
    }
    rows.push_back({r + 1, cells[0], cells[1], cells[2], label});
  }
  if (rows.empty()) throw RuntimeError("ground truth " + path.string() + " holds no rows");
  return rows;
}

DatasetLoad load_composite(const YAML::Node& node, const Limits& limits) {
  check_dataset_keys(node, {"name", "parts", "protocol", "frames", "verify_images", "ground_truth"});
  const YAML::Node list = node["parts"];
  if (!list || !list.IsSequence() || list.size() < 2)
    throw ConfigError("config key 'dataset.parts': expected a list of at least 2 dataset nodes, e.g. "
                      "[{name: casme2, root: A}, {name: samm, root: B}]");
  std::vector<PartSpec> parts;
  YAML::Node names;
  std::set<std::string> labels;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string where = "dataset.parts[" + std::to_string(i) + "]";
    if (!list[i].IsMap()) throw ConfigError("config key '" + where + "': expected a dataset node (a map with name, root, ...)");
    PartSpec p;
    p.where = where;
    p.node = YAML::Clone(list[i]);
    const std::string adapter = cfg::require<std::string>(p.node, "name", where);
    if (adapter == "composite" || adapter == "megc2019")
      throw ConfigError("config key '" + where + ".name': a part cannot itself be a composite");
    p.label = p.node["part"] ? cfg::require<std::string>(p.node, "part", where) : adapter;
    p.node.remove("part");
    if (p.label.empty() || p.label.find_first_of("/\\ \t") != std::string::npos)
      throw ConfigError("config key '" + where + ".part': '" + p.label + "' must be non-empty, without '/' or blanks");
    if (!labels.insert(p.label).second)
      throw ConfigError("config key '" + where + ".part': two parts are labelled '" + p.label +
                        "'; give each a distinct part: LABEL");
    names.push_back(adapter);
    parts.push_back(std::move(p));
  }
  return finish(load_parts("composite", parts, node, limits), parts, names, node, limits);
}

DatasetLoad load_megc2019(const YAML::Node& node, const Limits& limits) {
  check_dataset_keys(node, {"name", "casme2", "smic", "samm", "protocol", "frames", "verify_images", "ground_truth"});
  const std::string protocol = cfg::value_or<std::string>(node, "protocol", "megc_3class", "dataset");
  if (protocol != "megc_3class")
    throw ConfigError("config key 'dataset.protocol': megc2019 is the 3-class composite (megc_3class), got '" +
                      protocol + "'; use dataset=composite for other protocols");
  std::vector<PartSpec> parts;
  YAML::Node names;
  for (const std::string part : {"casme2", "smic", "samm"}) {
    const YAML::Node given = node[part];
    if (given && !given.IsNull() && !given.IsMap())
      throw ConfigError("config key 'dataset." + part + "': expected a dataset node, e.g. {root: /data/" + part + "}");
    PartSpec p;
    p.label = part;
    p.where = "dataset." + part;
    p.node = given && given.IsMap() ? YAML::Clone(given) : YAML::Node(YAML::NodeType::Map);
    if (p.node["name"] && p.node["name"].Scalar() != part)
      throw ConfigError("config key 'dataset." + part + ".name': the megc2019 part " + part + " is read by the " + part +
                        " adapter; remove the key");
    p.node["name"] = part;
    if (part == "smic" && p.node["camera"] && p.node["camera"].Scalar() != "HS")
      throw ConfigError("config key 'dataset.smic.camera': the MEGC 2019 composite uses SMIC-HS, got '" +
                        p.node["camera"].Scalar() + "'");
    names.push_back(part);
    parts.push_back(std::move(p));
  }
  YAML::Node shared = YAML::Clone(node);
  shared["protocol"] = "megc_3class";
  return finish(load_parts("megc2019", parts, shared, limits), parts, names, node, limits);
}

}  // namespace merlab
