#include "framework/models/state_dict_reader.h"

#include <caffe2/serialize/inline_container.h>

#include <cstring>
#include <fstream>
#include <memory>
#include <unordered_map>
#include <variant>

#include "framework/common/error.h"

namespace merlab {
namespace {

// A pickled value. Only what a state dict contains is modelled; anything else is an error.
struct Value;
using ValuePtr = std::shared_ptr<Value>;
struct Global {
  std::string module, name;
};
struct Value {
  enum class Kind { none, boolean, integer, floating, string, tuple, list, dict, global, tensor, storage, mark };
  Kind kind = Kind::none;
  int64_t i = 0;
  double f = 0;
  std::string s;
  std::vector<ValuePtr> items;                       // tuple / list
  std::vector<std::pair<ValuePtr, ValuePtr>> entries;  // dict (ordered)
  Global global;
  torch::Tensor tensor;  // tensor, or flat storage
};

ValuePtr make(Value::Kind k) {
  auto v = std::make_shared<Value>();
  v->kind = k;
  return v;
}

torch::ScalarType storage_dtype(const std::string& name) {
  static const std::map<std::string, torch::ScalarType> types = {
      {"FloatStorage", torch::kFloat},   {"DoubleStorage", torch::kDouble}, {"HalfStorage", torch::kHalf},
      {"BFloat16Storage", torch::kBFloat16}, {"LongStorage", torch::kLong}, {"IntStorage", torch::kInt},
      {"ShortStorage", torch::kShort},   {"CharStorage", torch::kChar},     {"ByteStorage", torch::kByte},
      {"BoolStorage", torch::kBool}};
  auto it = types.find(name);
  if (it == types.end()) throw RuntimeError("unsupported storage type torch." + name);
  return it->second;
}

std::vector<int64_t> int_list(const Value& v, const std::string& what) {
  if (v.kind != Value::Kind::tuple && v.kind != Value::Kind::list) throw RuntimeError(what + ": expected a tuple");
  std::vector<int64_t> out;
  for (auto& x : v.items) {
    if (x->kind != Value::Kind::integer) throw RuntimeError(what + ": expected integers");
    out.push_back(x->i);
  }
  return out;
}

class Unpickler {
 public:
  Unpickler(const std::string& data, caffe2::serialize::PyTorchStreamReader& archive, std::string where)
      : data_(data), archive_(archive), where_(std::move(where)) {}

  ValuePtr run() {
    while (true) {
      const auto op = static_cast<uint8_t>(byte());
      switch (op) {
        case 0x80: byte(); break;                     // PROTO
        case 0x95: skip(8); break;                    // FRAME
        case '.': return pop();                       // STOP
        case '(': push(make(Value::Kind::mark)); break;  // MARK
        case 'N': push(make(Value::Kind::none)); break;
        case 0x88: case 0x89: {                       // NEWTRUE / NEWFALSE
          auto v = make(Value::Kind::boolean);
          v->i = op == 0x88;
          push(v);
          break;
        }
        case 'J': push_int(static_cast<int32_t>(le(4))); break;  // BININT
        case 'K': push_int(static_cast<int64_t>(le(1))); break;  // BININT1
        case 'M': push_int(static_cast<int64_t>(le(2))); break;  // BININT2
        case 0x8a: {                                              // LONG1
          const auto n = static_cast<int>(le(1));
          if (n > 8) fail("integer wider than 64 bits");
          uint64_t u = n ? le(n) : 0;
          if (n > 0 && n < 8 && (u >> (8 * n - 1)) & 1) u |= ~uint64_t(0) << (8 * n);  // sign-extend
          push_int(static_cast<int64_t>(u));
          break;
        }
        case 'G': {                                   // BINFLOAT (big-endian)
          uint64_t u = 0;
          for (int k = 0; k < 8; ++k) u = (u << 8) | static_cast<uint8_t>(byte());
          auto v = make(Value::Kind::floating);
          std::memcpy(&v->f, &u, 8);
          push(v);
          break;
        }
        case 'X': push_string(le(4)); break;          // BINUNICODE
        case 0x8c: push_string(le(1)); break;         // SHORT_BINUNICODE
        case 0x8d: push_string(le(8)); break;         // BINUNICODE8
        case 'c': {                                   // GLOBAL "module\nname\n"
          auto v = make(Value::Kind::global);
          v->global.module = line();
          v->global.name = line();
          push(v);
          break;
        }
        case 0x93: {                                  // STACK_GLOBAL
          auto name = pop(), module = pop();
          auto v = make(Value::Kind::global);
          v->global = {module->s, name->s};
          push(v);
          break;
        }
        case 'q': memo_[le(1)] = top(); break;        // BINPUT
        case 'r': memo_[le(4)] = top(); break;        // LONG_BINPUT
        case 0x94: memo_[memo_.size()] = top(); break;  // MEMOIZE
        case 'h': push(memo(le(1))); break;           // BINGET
        case 'j': push(memo(le(4))); break;           // LONG_BINGET
        case '}': push(make(Value::Kind::dict)); break;   // EMPTY_DICT
        case ']': push(make(Value::Kind::list)); break;   // EMPTY_LIST
        case ')': push(make(Value::Kind::tuple)); break;  // EMPTY_TUPLE
        case 't': case 'l': {                         // TUPLE / LIST
          auto v = make(op == 't' ? Value::Kind::tuple : Value::Kind::list);
          v->items = pop_to_mark();
          push(v);
          break;
        }
        case 0x85: case 0x86: case 0x87: {            // TUPLE1..3
          auto v = make(Value::Kind::tuple);
          v->items.resize(op - 0x84);
          for (auto it = v->items.rbegin(); it != v->items.rend(); ++it) *it = pop();
          push(v);
          break;
        }
        case 'a': {                                   // APPEND
          auto x = pop();
          top()->items.push_back(x);
          break;
        }
        case 'e': {                                   // APPENDS
          auto xs = pop_to_mark();
          auto& l = top()->items;
          l.insert(l.end(), xs.begin(), xs.end());
          break;
        }
        case 's': {                                   // SETITEM
          auto v = pop(), k = pop();
          expect_dict(top())->entries.emplace_back(k, v);
          break;
        }
        case 'u': {                                   // SETITEMS
          auto xs = pop_to_mark();
          if (xs.size() % 2) fail("odd SETITEMS");
          auto d = expect_dict(top());
          for (std::size_t k = 0; k < xs.size(); k += 2) d->entries.emplace_back(xs[k], xs[k + 1]);
          break;
        }
        case 'd': {                                   // DICT
          auto xs = pop_to_mark();
          auto d = make(Value::Kind::dict);
          for (std::size_t k = 0; k + 1 < xs.size(); k += 2) d->entries.emplace_back(xs[k], xs[k + 1]);
          push(d);
          break;
        }
        case 'Q': push(persistent_load(pop())); break;  // BINPERSID
        case 'R': {                                     // REDUCE
          auto args = pop(), fn = pop();
          push(reduce(*fn, *args));
          break;
        }
        case 0x81: {                                    // NEWOBJ (cls.__new__(cls, *args))
          auto args = pop(), cls = pop();
          push(reduce(*cls, *args));
          break;
        }
        case 'b': pop(); break;  // BUILD: state of an OrderedDict (_metadata) or tensor; not needed
        default: fail("unsupported pickle opcode 0x" + hex(op));
      }
    }
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw RuntimeError(where_ + ": " + what + " at byte " + std::to_string(pos_));
  }
  static std::string hex(uint8_t b) {
    const char* d = "0123456789abcdef";
    return {d[b >> 4], d[b & 15]};
  }
  char byte() {
    if (pos_ >= data_.size()) fail("truncated pickle");
    return data_[pos_++];
  }
  void skip(std::size_t n) {
    if (pos_ + n > data_.size()) fail("truncated pickle");
    pos_ += n;
  }
  uint64_t le(int n) {
    uint64_t u = 0;
    for (int k = 0; k < n; ++k) u |= static_cast<uint64_t>(static_cast<uint8_t>(byte())) << (8 * k);
    return u;
  }
  std::string line() {
    auto end = data_.find('\n', pos_);
    if (end == std::string::npos) fail("truncated GLOBAL");
    std::string s = data_.substr(pos_, end - pos_);
    pos_ = end + 1;
    return s;
  }
  void push(ValuePtr v) { stack_.push_back(std::move(v)); }
  void push_int(int64_t i) {
    auto v = make(Value::Kind::integer);
    v->i = i;
    push(v);
  }
  void push_string(uint64_t n) {
    if (pos_ + n > data_.size()) fail("truncated string");
    auto v = make(Value::Kind::string);
    v->s = data_.substr(pos_, n);
    pos_ += n;
    push(v);
  }
  ValuePtr top() {
    if (stack_.empty()) fail("pickle stack underflow");
    return stack_.back();
  }
  ValuePtr pop() {
    auto v = top();
    stack_.pop_back();
    return v;
  }
  std::vector<ValuePtr> pop_to_mark() {
    std::vector<ValuePtr> out;
    while (true) {
      auto v = pop();
      if (v->kind == Value::Kind::mark) break;
      out.push_back(v);
    }
    return {out.rbegin(), out.rend()};
  }
  ValuePtr memo(uint64_t k) {
    auto it = memo_.find(k);
    if (it == memo_.end()) fail("pickle memo key " + std::to_string(k) + " missing");
    return it->second;
  }
  ValuePtr expect_dict(const ValuePtr& v) {
    if (v->kind != Value::Kind::dict) fail("SETITEM on a non-dict");
    return v;
  }

  // ('storage', torch.<Type>Storage, key, location, numel) -> flat tensor read from data/<key>.
  ValuePtr persistent_load(const ValuePtr& pid) {
    if (pid->kind != Value::Kind::tuple || pid->items.size() < 5 || pid->items[0]->s != "storage" ||
        pid->items[1]->kind != Value::Kind::global) {
      fail("unexpected persistent id (not a tensor storage)");
    }
    const std::string key = pid->items[2]->s;
    auto cached = storages_.find(key);
    if (cached != storages_.end()) return cached->second;
    const auto dtype = storage_dtype(pid->items[1]->global.name);
    const int64_t numel = pid->items[4]->i;
    const std::string record = "data/" + key;
    if (!archive_.hasRecord(record)) fail("archive has no record '" + record + "'");
    auto [ptr, size] = archive_.getRecord(record);
    const auto bytes = static_cast<size_t>(numel) * c10::elementSize(dtype);
    if (size < bytes) fail("record '" + record + "' is shorter than its storage");
    auto t = torch::empty({numel}, torch::TensorOptions().dtype(dtype));
    std::memcpy(t.data_ptr(), ptr.get(), bytes);  // the archive is little-endian, as this machine
    auto v = make(Value::Kind::storage);
    v->tensor = t;
    storages_[key] = v;
    return v;
  }

  ValuePtr reduce(const Value& fn, const Value& args) {
    if (fn.kind != Value::Kind::global) fail("REDUCE of a non-global");
    const auto& g = fn.global;
    const std::string qual = g.module + "." + g.name;
    if (qual == "collections.OrderedDict") return make(Value::Kind::dict);
    if (qual == "torch._utils._rebuild_tensor_v2" || qual == "torch._utils._rebuild_tensor") {
      if (args.items.size() < 4 || args.items[0]->kind != Value::Kind::storage) fail("bad _rebuild_tensor args");
      auto size = int_list(*args.items[2], where_ + ": tensor size");
      auto stride = int_list(*args.items[3], where_ + ": tensor stride");
      auto v = make(Value::Kind::tensor);
      v->tensor = args.items[0]->tensor.as_strided(size, stride, args.items[1]->i);
      return v;
    }
    if (qual == "torch._utils._rebuild_parameter" || qual == "torch._utils._rebuild_parameter_with_state") {
      if (args.items.empty() || args.items[0]->kind != Value::Kind::tensor) fail("bad _rebuild_parameter args");
      return args.items[0];
    }
    fail("unsupported Python object " + qual + " (a state dict holds only tensors)");
  }

  const std::string& data_;
  caffe2::serialize::PyTorchStreamReader& archive_;
  std::string where_;
  std::size_t pos_ = 0;
  std::vector<ValuePtr> stack_;
  std::unordered_map<uint64_t, ValuePtr> memo_;
  std::unordered_map<std::string, ValuePtr> storages_;
};

bool holds_tensors(const Value& d) {
  for (auto& [k, v] : d.entries)
    if (v->kind == Value::Kind::tensor) return true;
  return false;
}

}  // namespace

std::string conversion_command(const std::string& path) {
  return "/usr/bin/python3 " + std::string(MERLAB_SOURCE_DIR) + "/tools/convert_checkpoint.py '" + path + "' '" +
         path + ".converted.pth'";
}

StateDict read_state_dict(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RuntimeError("cannot open checkpoint '" + path + "'");
  char magic[4] = {};
  in.read(magic, 4);
  if (std::memcmp(magic, "PK\x03\x04", 4) != 0) {
    throw RuntimeError("'" + path + "' is not a zip-format torch.save file (legacy format from PyTorch < 1.6, "
                       "or not a checkpoint). Convert it with:\n  " + conversion_command(path) +
                       "\nand set model.pretrained to the converted file");
  }
  in.close();
  std::unique_ptr<caffe2::serialize::PyTorchStreamReader> archive;
  std::string pickle;
  try {
    archive = std::make_unique<caffe2::serialize::PyTorchStreamReader>(path);
    auto [ptr, size] = archive->getRecord("data.pkl");
    pickle.assign(static_cast<const char*>(ptr.get()), size);
  } catch (const c10::Error& e) {
    throw RuntimeError("cannot read the torch.save archive '" + path + "': " + e.what_without_backtrace());
  }
  auto root = Unpickler(pickle, *archive, "'" + path + "'").run();
  if (root->kind != Value::Kind::dict) throw RuntimeError("'" + path + "' does not hold a dict of tensors");
  if (!holds_tensors(*root)) {
    for (auto& [k, v] : root->entries) {
      if (k->kind == Value::Kind::string && (k->s == "state_dict" || k->s == "model") &&
          v->kind == Value::Kind::dict && holds_tensors(*v)) {
        root = v;
        break;
      }
    }
  }
  StateDict out;
  for (auto& [k, v] : root->entries) {
    if (k->kind != Value::Kind::string) throw RuntimeError("'" + path + "': state dict key is not a string");
    if (v->kind != Value::Kind::tensor) {
      throw RuntimeError("'" + path + "': entry '" + k->s + "' is not a tensor (not a state dict)");
    }
    out.keys.push_back(k->s);
    out.tensors[k->s] = v->tensor;
  }
  return out;
}

}  // namespace merlab
