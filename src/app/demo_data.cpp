#include "app/demo_data.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <future>
#include <unordered_map>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/clock.hpp"
#include "platform/ids.hpp"

namespace rapport::app {
namespace {

// ---------------------------------------------------------------------------------------------------
// Deterministic randomness: splitmix64 (std distributions differ between standard libraries).

struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); n > 0.
  uint64_t below(uint64_t n) { return static_cast<uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64); }
  int64_t range(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo + 1))); }
  bool chance(int percent) { return below(100) < static_cast<uint64_t>(percent); }
  template <class T, std::size_t N>
  const T& pick(const std::array<T, N>& a) {
    return a[below(N)];
  }
};

template <class T>
struct Weighted {
  T value;
  int weight;
};
template <class T, std::size_t N>
const T& pick_weighted(Rng& r, const std::array<Weighted<T>, N>& a) {
  int total = 0;
  for (const auto& w : a) total += w.weight;
  int x = static_cast<int>(r.below(static_cast<uint64_t>(total)));
  for (const auto& w : a) {
    if (x < w.weight) return w.value;
    x -= w.weight;
  }
  return a.back().value;
}

// ---------------------------------------------------------------------------------------------------
// Vocabulary.

constexpr std::array<std::string_view, 200> kFirstNames = {
    "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
    "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
    "Christopher", "Nancy", "Daniel", "Lisa", "Matthew", "Betty", "Anthony", "Margaret", "Mark", "Sandra",
    "Donald", "Ashley", "Steven", "Kimberly", "Paul", "Emily", "Andrew", "Donna", "Joshua", "Michelle",
    "Kenneth", "Carol", "Kevin", "Amanda", "Brian", "Melissa", "George", "Deborah", "Timothy", "Stephanie",
    "Ronald", "Rebecca", "Jason", "Laura", "Edward", "Sharon", "Jeffrey", "Cynthia", "Ryan", "Kathleen",
    "Jacob", "Amy", "Gary", "Angela", "Nicholas", "Shirley", "Eric", "Anna", "Jonathan", "Brenda",
    "Stephen", "Pamela", "Larry", "Emma", "Justin", "Nicole", "Scott", "Helen", "Brandon", "Samantha",
    "Benjamin", "Katherine", "Samuel", "Christine", "Gregory", "Debra", "Alexander", "Rachel", "Patrick", "Carolyn",
    "Frank", "Janet", "Raymond", "Maria", "Jack", "Olivia", "Dennis", "Heather", "Jerry", "Diane",
    "Tyler", "Julie", "Aaron", "Joyce", "Jose", "Victoria", "Adam", "Ruth", "Nathan", "Virginia",
    "Henry", "Lauren", "Zachary", "Kelly", "Douglas", "Christina", "Peter", "Joan", "Kyle", "Evelyn",
    "Noah", "Judith", "Ethan", "Andrea", "Jeremy", "Hannah", "Walter", "Megan", "Christian", "Cheryl",
    "Keith", "Jacqueline", "Roger", "Martha", "Terry", "Madison", "Austin", "Teresa", "Sean", "Gloria",
    "Lukas", "Sophie", "Felix", "Lena", "Jonas", "Marie", "Maximilian", "Hanna", "Leon", "Lea",
    "Hugo", "Chloé", "Louis", "Camille", "Théo", "Inès", "Mathis", "Léa", "Lucas", "Manon",
    "Daan", "Sanne", "Bram", "Fleur", "Sem", "Noor", "Javier", "Lucía", "Alejandro", "Sofía",
    "Pablo", "Marta", "Álvaro", "Carmen", "Lorenzo", "Giulia", "Matteo", "Chiara", "Francesco", "Sara",
    "Oskar", "Elsa", "Nils", "Astrid", "Björn", "Ingrid", "Erik", "Maja", "Liam", "Aoife",
    "Priya", "Arjun", "Mei", "Wei", "Yuki", "Haruto", "Amara", "Kwame", "Fatima", "Omar",
};

constexpr std::array<std::string_view, 200> kLastNames = {
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
    "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
    "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
    "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
    "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
    "Gomez", "Phillips", "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes",
    "Stewart", "Morris", "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper",
    "Peterson", "Bailey", "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson",
    "Watson", "Brooks", "Chavez", "Wood", "James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes",
    "Price", "Alvarez", "Castillo", "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "Jimenez",
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
    "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Zimmermann", "Braun", "Krüger", "Hartmann",
    "Martin", "Bernard", "Dubois", "Durand", "Lefèvre", "Moreau", "Laurent", "Simon", "Michel", "Garnier",
    "de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "de Boer",
    "García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Navarro",
    "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco",
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Lindqvist",
    "O'Brien", "O'Connor", "Byrne", "Ryan", "Walsh", "MacDonald", "Campbell", "Fraser", "Stewart", "Robertson",
    "Singh", "Sharma", "Chen", "Wang", "Li", "Zhang", "Tanaka", "Suzuki", "Sato", "Park",
    "Okafor", "Mensah", "Haddad", "Khan", "Ali", "Hussein", "Kowalski", "Nowak", "Novak", "Horvat",
};

constexpr std::array<std::string_view, 40> kJobTitles = {
    "CEO", "CTO", "CFO", "COO", "Founder", "Co-Founder",
    "VP of Sales", "VP of Marketing", "VP of Engineering", "VP of Operations",
    "Head of Procurement", "Head of Growth", "Head of Customer Success", "Head of IT",
    "Sales Director", "Marketing Director", "Finance Director", "Operations Director",
    "Account Executive", "Sales Manager", "Marketing Manager", "Product Manager", "Project Manager",
    "Office Manager", "Procurement Manager", "IT Manager", "HR Manager", "Customer Success Manager",
    "Software Engineer", "Data Analyst", "Business Analyst", "Financial Analyst", "Consultant",
    "Buyer", "Purchasing Agent", "Operations Coordinator", "Executive Assistant", "Designer",
    "Legal Counsel", "Controller",
};

constexpr std::array<std::string_view, 80> kCompanyPrefixes = {
    "Northwind", "Blue Harbor", "Summit", "Redwood", "Silverline", "Ironbridge", "Brightwater", "Cobalt",
    "Evergreen", "Granite", "Harborview", "Lakeside", "Maple", "Meridian", "Nimbus", "Oakridge",
    "Pinnacle", "Quantum", "Riverstone", "Sterling", "Atlas", "Beacon", "Cascade", "Driftwood",
    "Ember", "Falcon", "Golden Gate", "Highland", "Horizon", "Juniper", "Keystone", "Lighthouse",
    "Lumen", "Magnolia", "Nova", "Orchard", "Pacific", "Polaris", "Prairie", "Red Rock",
    "Sagebrush", "Sequoia", "Skyline", "Solstice", "Starlight", "Stonegate", "Sunrise", "Tidewater",
    "Timberline", "Trailhead", "Trinity", "Twin Peaks", "Union", "Vanguard", "Velocity", "Verdant",
    "Vista", "Westbrook", "Whitestone", "Wildflower", "Willow", "Windmill", "Zenith", "Alpine",
    "Arcadia", "Aurora", "Bluebird", "Boulder", "Canyon", "Cedar", "Clearwater", "Copper",
    "Crescent", "Crystal", "Delta", "Eastgate", "Fjord", "Foxglove", "Glacier", "Greenfield",
};

struct Suffix {
  std::string_view word;
  std::string_view industry;
};
constexpr std::array<Suffix, 40> kCompanySuffixes = {{
    {"Logistics", "Logistics"},          {"Freight", "Logistics"},
    {"Software", "Software"},            {"Labs", "Software"},
    {"Systems", "Software"},             {"Analytics", "Software"},
    {"Cloud", "Software"},               {"Health", "Healthcare"},
    {"Medical", "Healthcare"},           {"Bio", "Biotechnology"},
    {"Therapeutics", "Biotechnology"},   {"Capital", "Financial Services"},
    {"Financial", "Financial Services"}, {"Insurance", "Insurance"},
    {"Foods", "Food & Beverage"},        {"Brewing", "Food & Beverage"},
    {"Retail", "Retail"},                {"Outfitters", "Retail"},
    {"Energy", "Energy"},                {"Solar", "Energy"},
    {"Media", "Media"},                  {"Studios", "Media"},
    {"Consulting", "Consulting"},        {"Partners", "Consulting"},
    {"Advisors", "Consulting"},          {"Realty", "Real Estate"},
    {"Properties", "Real Estate"},       {"Hotels", "Hospitality"},
    {"Telecom", "Telecommunications"},   {"Networks", "Telecommunications"},
    {"Manufacturing", "Manufacturing"},  {"Industries", "Manufacturing"},
    {"Motors", "Automotive"},            {"Construction", "Construction"},
    {"Builders", "Construction"},        {"Learning", "Education"},
    {"Academy", "Education"},            {"Farms", "Agriculture"},
    {"Legal", "Legal Services"},         {"Robotics", "Manufacturing"},
}};

// A city, its ISO 3166 alpha-2 country, and how to make a plausible, valid E.164 number there:
// prefix + `digits` random digits (the first of them 1-9 when nonzero_first). The US/CA numbers use
// the fictional 555-01xx range; the GB ones Ofcom's drama ranges. All pass libphonenumber's IsValidNumber.
struct City {
  std::string_view name;
  std::string_view country;
  std::string_view phone_prefix;
  int digits;
  bool nonzero_first;
};
constexpr std::array<City, 24> kCities = {{
    {"New York", "US", "+121255501", 2, false},   {"San Francisco", "US", "+141555501", 2, false},
    {"Chicago", "US", "+131255501", 2, false},    {"Austin", "US", "+151255501", 2, false},
    {"Boston", "US", "+161755501", 2, false},     {"Seattle", "US", "+120655501", 2, false},
    {"Berlin", "DE", "+4930", 8, true},           {"Munich", "DE", "+4989", 8, true},
    {"Hamburg", "DE", "+4940", 8, true},          {"Paris", "FR", "+3314", 7, false},
    {"Lyon", "FR", "+3347", 7, false},            {"London", "GB", "+442079460", 3, false},
    {"Manchester", "GB", "+441614960", 3, false}, {"Amsterdam", "NL", "+3120", 7, true},
    {"Rotterdam", "NL", "+3110", 7, true},        {"Madrid", "ES", "+3491", 7, false},
    {"Barcelona", "ES", "+3493", 7, false},       {"Rome", "IT", "+3906", 8, false},
    {"Milan", "IT", "+3902", 8, false},           {"Stockholm", "SE", "+468", 8, true},
    {"Toronto", "CA", "+141655501", 2, false},    {"Vancouver", "CA", "+160455501", 2, false},
    {"Sydney", "AU", "+6129", 7, false},          {"Melbourne", "AU", "+6139", 7, false},
}};
// Where companies are: more US than elsewhere.
int pick_city(Rng& r) {
  if (r.chance(45)) return static_cast<int>(r.below(6));  // US
  return static_cast<int>(r.below(kCities.size()));
}

struct Size {
  std::string_view label;
  int64_t lo, hi;
};
constexpr std::array<Weighted<Size>, 6> kSizes = {{
    {{"1-10", 1, 10}, 25},
    {{"11-50", 11, 50}, 30},
    {{"51-200", 51, 200}, 22},
    {{"201-1000", 201, 1000}, 13},
    {{"1001-5000", 1001, 5000}, 7},
    {{"5000+", 5001, 120000}, 3},
}};

constexpr std::array<Weighted<std::string_view>, 8> kStages = {{
    {"subscriber", 15},
    {"lead", 25},
    {"marketing_qualified", 12},
    {"sales_qualified", 10},
    {"opportunity", 10},
    {"customer", 20},
    {"evangelist", 3},
    {"other", 5},
}};

constexpr std::array<std::string_view, 3> kFreeMailDomains = {"example.com", "example.net", "example.org"};

constexpr std::array<std::string_view, 24> kTopics = {
    "pricing", "the renewal", "the Q3 rollout", "onboarding", "the security review", "contract terms",
    "the pilot", "integration options", "the migration plan", "budget approval", "the product roadmap",
    "support tickets", "the annual plan", "data import", "user training", "SSO setup",
    "the proposal", "volume discounts", "the procurement process", "reporting needs", "the API",
    "expansion to more teams", "invoicing", "the case study",
};
constexpr std::array<std::string_view, 12> kNextSteps = {
    "Will send a follow-up email with details.",
    "Agreed to reconnect next week.",
    "Needs sign-off from their finance team.",
    "Asked for a written proposal.",
    "Wants to loop in their IT lead.",
    "Interested, but timing is next quarter.",
    "Happy with the current setup, no changes needed.",
    "Requested a reference customer in their industry.",
    "Will review internally and get back to us.",
    "Shared the deck; waiting on feedback.",
    "Raised concerns about implementation effort.",
    "Ready to move forward once legal approves.",
};
constexpr std::array<std::string_view, 8> kNoteSubjects = {
    "Intro notes", "Discovery notes", "Account notes", "Background",
    "Org chart", "Notes from conference", "Competitive info", "Internal notes",
};
constexpr std::array<std::string_view, 8> kTaskVerbs = {
    "Follow up with", "Send proposal to", "Schedule demo with", "Send contract to",
    "Check in with", "Send pricing to", "Book QBR with", "Share case study with",
};
constexpr std::array<std::string_view, 6> kMeetingKinds = {
    "Demo", "Discovery call", "Quarterly business review", "Kickoff", "Contract review", "Lunch",
};
constexpr std::array<std::string_view, 8> kEmailLines = {
    "Thanks for your time today. Attached is the overview we discussed.",
    "As promised, here is the pricing summary. Let me know if you have any questions.",
    "Happy to set up a call with our solutions team if that helps.",
    "Could we find 30 minutes next week to go through the details?",
    "Just checking in to see whether you had a chance to review the proposal.",
    "Great speaking with you. I have shared the notes with the team.",
    "Here is the case study I mentioned, from a customer in your industry.",
    "Looking forward to hearing from you.",
};
constexpr std::array<std::string_view, 4> kVirtualLocations = {"Zoom", "Google Meet", "Microsoft Teams", "Phone"};

constexpr std::array<Weighted<std::string_view>, 5> kActivityTypes = {{
    {"note", 25},
    {"task", 20},
    {"call", 20},
    {"meeting", 15},
    {"email", 20},
}};
constexpr std::array<Weighted<std::string_view>, 5> kOutcomes = {{
    {"connected", 55},
    {"no_answer", 20},
    {"left_voicemail", 15},
    {"busy", 5},
    {"wrong_number", 5},
}};

// ---------------------------------------------------------------------------------------------------
// Text helpers.

// Lower-case ASCII letters of a name for host names and email local parts: Latin-1 accented letters are
// transliterated, everything else (spaces, apostrophes) dropped, or turned into `sep` when nonzero.
void append_slug(std::string& out, std::string_view name, char sep = 0) {
  // U+00C0..U+00FF.
  static constexpr std::array<const char*, 64> kLatin1 = {
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
      "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "ss",
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
      "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "y",
  };
  for (std::size_t i = 0; i < name.size(); ++i) {
    auto ch = static_cast<unsigned char>(name[i]);
    if (ch >= 'a' && ch <= 'z') {
      out.push_back(static_cast<char>(ch));
    } else if (ch >= 'A' && ch <= 'Z') {
      out.push_back(static_cast<char>(ch - 'A' + 'a'));
    } else if ((ch == 0xC3) && i + 1 < name.size()) {
      auto cp = 0xC0u + (static_cast<unsigned char>(name[i + 1]) & 0x3F);
      out += kLatin1[cp - 0xC0];
      ++i;
    } else if (ch == ' ' && sep) {
      out.push_back(sep);
    }
  }
}

void append_int(std::string& out, int64_t v) {
  char buf[24];
  int n = 0;
  uint64_t u = v < 0 ? static_cast<uint64_t>(-v) : static_cast<uint64_t>(v);
  do {
    buf[n++] = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) out.push_back('-');
  while (n) out.push_back(buf[--n]);
}

void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  for (char ch : s) {
    auto u = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (u < 0x20) {
      static const char* hex = "0123456789abcdef";
      out += "\\u00";
      out.push_back(hex[u >> 4]);
      out.push_back(hex[u & 15]);
    } else {
      out.push_back(ch);
    }
  }
  out.push_back('"');
}

void append_phone(std::string& out, Rng& r, const City& city) {
  out += city.phone_prefix;
  for (int i = 0; i < city.digits; ++i) {
    int d = (i == 0 && city.nonzero_first) ? static_cast<int>(1 + r.below(9)) : static_cast<int>(r.below(10));
    out.push_back(static_cast<char>('0' + d));
  }
}

// Strings stored back to back (ids, emails, names) so a million of them cost a few allocations.
class Arena {
 public:
  void reserve(std::size_t items, std::size_t avg_len) {
    ends_.reserve(items);
    data_.reserve(items * avg_len);
  }
  void push(std::string_view s) {
    data_ += s;
    ends_.push_back(data_.size());
  }
  std::string_view operator[](std::size_t i) const {
    std::size_t begin = i ? ends_[i - 1] : 0;
    return std::string_view(data_).substr(begin, ends_[i] - begin);
  }
  std::size_t size() const { return ends_.size(); }

 private:
  std::string data_;
  std::vector<std::size_t> ends_;
};

// Values bound to a reused statement; strings are assigned in place so their buffers are reused.
void set(db::Value& v, std::string_view s) {
  if (auto* p = std::get_if<std::string>(&v))
    p->assign(s.data(), s.size());
  else
    v.emplace<std::string>(s);
}
void set(db::Value& v, int64_t i) { v = i; }
void set_null(db::Value& v) { v = nullptr; }

// ---------------------------------------------------------------------------------------------------
// Pipeline: a second thread builds the next chunk of rows (names, ids, timestamps, text) while the
// calling thread inserts the current one, so SQLite's B-tree work is the only thing on the critical path.

struct Chunk {
  explicit Chunk(int c) : cols(static_cast<std::size_t>(c)) {}
  std::size_t cols;
  std::size_t rows = 0;
  std::vector<db::Value> values;    // rows x cols, reused from chunk to chunk
  std::vector<uint32_t> suffix_at;  // per row: where a uniqueness suffix goes in its unique text column
  std::vector<int64_t> index;       // per row: the record's index in its generator's arrays
  void reset(std::size_t n) {
    rows = n;
    if (values.size() < n * cols) values.resize(n * cols);
    if (suffix_at.size() < n) suffix_at.resize(n);
    if (index.size() < n) index.resize(n);
  }
  db::Value* row(std::size_t r) { return values.data() + r * cols; }
};

// produce(chunk, first_index, count) fills a chunk; consume(chunk) inserts it. Chunks are
// produced strictly one after another (so one random generator serves them all, deterministically);
// producing chunk k+1 overlaps consuming chunk k. Small totals (one chunk) run on the calling thread.
template <class Produce, class Consume>
void pipeline(int64_t total, int64_t chunk_rows, int cols, Produce&& produce, Consume&& consume) {
  if (total <= 0) return;
  Chunk cur(cols), next(cols);
  int64_t begin = 0;
  produce(cur, begin, static_cast<std::size_t>(std::min(chunk_rows, total)));
  for (;;) {
    const int64_t after = begin + static_cast<int64_t>(cur.rows);
    std::future<void> ahead;
    if (after < total) {
      ahead = std::async(std::launch::async, [&, after] {
        produce(next, after, static_cast<std::size_t>(std::min(chunk_rows, total - after)));
      });
    }
    consume(cur);  // on a throw, ahead's destructor waits for the producer before unwinding
    if (!ahead.valid()) break;
    ahead.get();
    std::swap(cur, next);
    begin = after;
  }
}

void bind_row(db::Statement& st, const db::Value* row, std::size_t n) {
  st.reset();
  for (std::size_t i = 0; i < n; ++i) st.bind(static_cast<int>(i + 1), row[i]);
}

// Inserts a row whose unique text column (domain, email) might collide with a row a user made: retries
// with "-2", "-3", ... inserted at suffix_at, then with NULL. Returns true when the column had to change
// (`changed` then holds the value used, empty for NULL).
bool insert_unique(db::Statement& st, db::Value* row, std::size_t ncols, std::size_t col, std::size_t suffix_at,
                   std::string& changed) {
  std::string original;
  for (int attempt = 1;; ++attempt) {
    try {
      bind_row(st, row, ncols);
      st.run();
      if (attempt == 1) return false;
      auto* s = std::get_if<std::string>(&row[col]);
      changed = s ? *s : std::string();
      return true;
    } catch (const db::ConstraintError&) {
      auto* s = std::get_if<std::string>(&row[col]);
      if (attempt == 1 && !s) throw;  // not this column's doing
      if (attempt >= 6) throw;
      if (attempt == 1) original = *s;
      if (attempt < 5) {
        std::string text = original;
        text.insert(std::min(suffix_at, text.size()), "-" + std::to_string(attempt + 1));
        set(row[col], text);
      } else {
        set_null(row[col]);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Transactions, batches and connection settings (used on the calling thread only).

class Session {
 public:
  Session(db::Connection& c, const std::string& ws) : c_(c), ws_(ws) {
    synchronous_ = std::get<int64_t>(c_.scalar("PRAGMA synchronous"));
    cache_size_ = std::get<int64_t>(c_.scalar("PRAGMA cache_size"));
    // WAL with synchronous=NORMAL stays consistent after a crash (only the last commits may be lost)
    // and skips an fsync per commit; a bigger page cache keeps the indexes' hot pages in memory.
    c_.exec("PRAGMA synchronous=NORMAL");
    c_.exec("PRAGMA cache_size=-262144");  // 256 MB
  }
  Session(const Session&) = delete;
  ~Session() {
    try {
      if (open_) c_.exec("ROLLBACK");
      open_ = false;
    } catch (...) {
    }
    try {
      finish();
    } catch (...) {
    }
  }

  void begin() {
    c_.exec("BEGIN IMMEDIATE");
    open_ = true;
  }
  // Counts one inserted record of `kind` (0 companies, 1 contacts, 2 activities) that took `rows` rows
  // (an activity and its links), and commits when the batch is full.
  void added(int kind, int64_t rows) {
    pending_[static_cast<std::size_t>(kind)] += 1;
    rows_ += rows;
    if (rows_ >= kBatchRows) {
      commit();
      begin();
    }
  }
  void commit() {
    static constexpr std::array<const char*, 3> kTypes = {"companies", "contacts", "activities"};
    for (std::size_t k = 0; k < kTypes.size(); ++k) {
      if (!pending_[k]) continue;
      auto& st = c_.prepare(
          "INSERT INTO record_counts(workspace_id, object_type, live) VALUES (?, ?, ?) "
          "ON CONFLICT(workspace_id, object_type) DO UPDATE SET live = live + excluded.live");
      st.bind_all({ws_, std::string(kTypes[k]), pending_[k]}).run();
      pending_[k] = 0;
    }
    c_.exec("COMMIT");
    open_ = false;
    rows_ = 0;
  }
  // Restores the connection's settings and checkpoints the WAL (a big import leaves a big WAL behind;
  // busy readers only make the checkpoint partial, never an error).
  void finish() {
    if (finished_) return;
    finished_ = true;
    c_.exec("PRAGMA synchronous=" + std::to_string(synchronous_));
    c_.exec("PRAGMA cache_size=" + std::to_string(cache_size_));
    c_.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }

 private:
  static constexpr int64_t kBatchRows = 50000;
  db::Connection& c_;
  const std::string& ws_;
  int64_t synchronous_ = 2, cache_size_ = -16000;
  bool open_ = false, finished_ = false;
  int64_t rows_ = 0;
  std::array<int64_t, 3> pending_{};
};

int64_t existing_rows(db::Connection& c, const std::string& table, const std::string& ws) {
  return std::get<int64_t>(c.scalar("SELECT count(*) FROM " + table + " WHERE workspace_id = ?", {ws}));
}

using Id = std::array<char, 36>;
std::string_view view(const Id& id) { return {id.data(), id.size()}; }
Id make_id() {
  Id id;
  const std::string s = ids::uuid_v7();
  std::memcpy(id.data(), s.data(), id.size());
  return id;
}

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;

// Column layouts: the ?N placeholders of the inserts below, in order.
namespace company_col {
enum : std::size_t { kId, kWs, kName, kDomain, kIndustry, kSize, kEmployees, kWebsite, kPhone, kCity, kCountry,
                     kDescription, kOwner, kCreated, kUpdated, kCount };
}
namespace contact_col {
enum : std::size_t { kId, kWs, kFirst, kLast, kEmail, kPhone, kCompany, kTitle, kStage, kCity, kCountry, kOwner,
                     kCreated, kUpdated, kCount };
}
namespace activity_col {
// kContactId and kCompanyId are not activity columns: they feed the activity_links rows.
enum : std::size_t { kId, kWs, kType, kSubject, kBody, kOccurred, kDue, kDone, kCompleted, kDirection, kDuration,
                     kOutcome, kStarts, kEnds, kLocation, kAttendees, kFrom, kTo, kOwner, kCreated, kUpdated,
                     kCount, kContactId = kCount, kCompanyId, kChunkCols };
}

constexpr const char* kInsertCompany =
    "INSERT INTO companies(id, workspace_id, name, domain, industry, size, employee_count, website, phone, city, "
    "country, description, owner_id, custom, created_at, updated_at, created_by, version) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, '{}', ?14, ?15, ?13, 1)";
constexpr const char* kInsertContact =
    "INSERT INTO contacts(id, workspace_id, first_name, last_name, email, phone, emails, phones, company_id, "
    "job_title, lifecycle_stage, city, country, owner_id, custom, created_at, updated_at, created_by, version) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, '[]', '[]', ?7, ?8, ?9, ?10, ?11, ?12, '{}', ?13, ?14, ?12, 1)";
constexpr const char* kInsertActivity =
    "INSERT INTO activities(id, workspace_id, type, subject, body, occurred_at, due_at, done, completed_at, "
    "direction, duration_seconds, outcome, starts_at, ends_at, location, attendees, email_from, email_to, "
    "owner_id, custom, created_at, updated_at, created_by, version) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, '{}', ?20, "
    "?21, ?19, 1)";
constexpr const char* kInsertLink =
    "INSERT INTO activity_links(workspace_id, activity_id, target_type, target_id, occurred_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";

// Everything the producers draw from and remember. Producers run one at a time (on whichever thread);
// the *_override maps are written by the inserting thread during a phase and read by later phases.
class Generator {
 public:
  Generator(const std::string& ws, const std::string& owner, std::string owner_email, uint64_t seed,
            int64_t n_companies, int64_t n_contacts, int64_t n_activities, int64_t company_base, int64_t contact_base)
      : ws_(ws),
        owner_(owner),
        owner_email_(std::move(owner_email)),
        rng_{seed ^ 0x5eed5eed5eed5eedULL},
        n_companies_(n_companies),
        n_contacts_(n_contacts),
        n_activities_(n_activities),
        company_base_(company_base),
        contact_base_(contact_base),
        now_(clock::now_ms()),
        start_(now_ - kSpan) {
    // Company names are prefix x suffix combinations visited in a seed-dependent order (stride coprime
    // with the 3200 combinations: odd and not a multiple of 5); a number is appended once all are used.
    stride_ = 2 * (seed % 1000) + 1;
    if (stride_ % 5 == 0) stride_ += 2;
    offset_ = (seed >> 10) % kCombos;
    const auto nc = static_cast<std::size_t>(n_companies), np = static_cast<std::size_t>(n_contacts);
    company_ids_.reserve(nc);
    company_domains_.reserve(nc, 28);
    company_names_.reserve(nc, 22);
    company_city_.reserve(nc);
    contact_ids_.reserve(np);
    contact_info_.reserve(np);
  }

  std::unordered_map<std::size_t, std::string> domain_override, email_override;

  // ---- companies ---------------------------------------------------------------------------------
  void produce_companies(Chunk& ch, int64_t begin, std::size_t n) {
    using namespace company_col;
    ch.reset(n);
    for (std::size_t k = 0; k < n; ++k) {
      const int64_t i = begin + static_cast<int64_t>(k);
      db::Value* row = ch.row(k);
      ch.index[k] = i;
      const uint64_t ordinal = static_cast<uint64_t>(company_base_ + i);
      const uint64_t combo = ((ordinal % kCombos) * stride_ + offset_) % kCombos;
      const uint64_t round = ordinal / kCombos;
      const auto prefix = kCompanyPrefixes[combo % kCompanyPrefixes.size()];
      const auto& suffix = kCompanySuffixes[combo / kCompanyPrefixes.size()];
      name_.assign(prefix);
      name_.push_back(' ');
      name_ += suffix.word;
      domain_.clear();
      append_slug(domain_, prefix, '-');
      domain_.push_back('-');
      append_slug(domain_, suffix.word, '-');
      if (round > 0) {
        name_.push_back(' ');
        append_int(name_, static_cast<int64_t>(round + 1));
        domain_.push_back('-');
        append_int(domain_, static_cast<int64_t>(round + 1));
      }
      ch.suffix_at[k] = static_cast<uint32_t>(domain_.size());
      domain_ += ".example";

      const Size& size = pick_weighted(rng_, kSizes);
      const int city_idx = pick_city(rng_);
      const City& city = kCities[static_cast<std::size_t>(city_idx)];
      const int64_t employees = rng_.range(size.lo, size.hi);

      const Id id = make_id();
      set(row[kId], view(id));
      set(row[kWs], ws_);
      set(row[kName], name_);
      set(row[kDomain], domain_);
      set(row[kIndustry], suffix.industry);
      set(row[kSize], size.label);
      set(row[kEmployees], employees);
      if (rng_.chance(85)) {
        text_.assign("https://www.");
        text_ += domain_;
        set(row[kWebsite], text_);
      } else {
        set_null(row[kWebsite]);
      }
      if (rng_.chance(70)) {
        text_.clear();
        append_phone(text_, rng_, city);
        set(row[kPhone], text_);
      } else {
        set_null(row[kPhone]);
      }
      set(row[kCity], city.name);
      set(row[kCountry], city.country);
      if (rng_.chance(40)) {
        text_.assign(suffix.industry);
        text_ += " company based in ";
        text_ += city.name;
        text_ += employees > 1000 ? ". Enterprise account." : employees > 50 ? ". Mid-market account." : ". Small business.";
        set(row[kDescription], text_);
      } else {
        set_null(row[kDescription]);
      }
      set(row[kOwner], owner_);
      stamp(row[kCreated], row[kUpdated], spread(i, n_companies_));

      company_ids_.push_back(id);
      company_domains_.push(domain_);
      company_names_.push(name_);
      company_city_.push_back(static_cast<uint8_t>(city_idx));
    }
  }

  // ---- contacts ----------------------------------------------------------------------------------
  // Within a chunk, contacts are inserted in email order (the unique email index then fills page by
  // page instead of at random); each keeps the creation time and company drawn for its place in time,
  // and the contact_* arrays stay in creation order.
  void produce_contacts(Chunk& ch, int64_t begin, std::size_t n) {
    using namespace contact_col;
    pending_.resize(n);
    for (std::size_t k = 0; k < n; ++k) {
      const int64_t i = begin + static_cast<int64_t>(k);
      PendingContact& p = pending_[k];
      p.info = {static_cast<uint8_t>(rng_.below(kFirstNames.size())), static_cast<uint8_t>(rng_.below(kLastNames.size())),
                kCompanyMail, -1};
      if (n_companies_ > 0 && rng_.chance(90)) {
        // A company that already existed when this contact was created.
        const int64_t limit = std::max<int64_t>(1, static_cast<int64_t>((static_cast<__int128>(n_companies_) * (i + 1) +
                                                                          n_contacts_ - 1) / n_contacts_));
        p.info.company = static_cast<int32_t>(pick_earlier(std::min(limit, n_companies_)));
      }
      if (p.info.company < 0 || company_domain(static_cast<std::size_t>(p.info.company)).empty())
        p.info.mail = static_cast<uint8_t>(rng_.below(kFreeMailDomains.size()));
      p.suffix_at = build_email(p.email, p.info, i);
      p.city = static_cast<uint8_t>(p.info.company >= 0 && rng_.chance(80)
                                        ? company_city_[static_cast<std::size_t>(p.info.company)]
                                        : pick_city(rng_));
      p.created = spread(i, n_contacts_);
    }
    order_.resize(n);
    for (std::size_t k = 0; k < n; ++k) order_[k] = static_cast<uint32_t>(k);
    std::sort(order_.begin(), order_.end(), [&](uint32_t a, uint32_t b) { return pending_[a].email < pending_[b].email; });
    ch.reset(n);
    const auto first_index = static_cast<std::size_t>(begin);
    contact_ids_.resize(first_index + n);
    contact_info_.resize(first_index + n);
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t index = first_index + order_[k];
      const PendingContact& p = pending_[order_[k]];
      ch.index[k] = static_cast<int64_t>(index);
      const City& city = kCities[p.city];
      db::Value* row = ch.row(k);
      const Id id = make_id();
      set(row[kId], view(id));
      set(row[kWs], ws_);
      set(row[kFirst], kFirstNames[p.info.first]);
      set(row[kLast], kLastNames[p.info.last]);
      set(row[kEmail], p.email);
      ch.suffix_at[k] = p.suffix_at;
      if (rng_.chance(65)) {
        text_.clear();
        append_phone(text_, rng_, city);
        set(row[kPhone], text_);
      } else {
        set_null(row[kPhone]);
      }
      if (p.info.company >= 0)
        set(row[kCompany], view(company_ids_[static_cast<std::size_t>(p.info.company)]));
      else
        set_null(row[kCompany]);
      if (rng_.chance(90))
        set(row[kTitle], rng_.pick(kJobTitles));
      else
        set_null(row[kTitle]);
      set(row[kStage], pick_weighted(rng_, kStages));
      set(row[kCity], city.name);
      set(row[kCountry], city.country);
      set(row[kOwner], owner_);
      stamp(row[kCreated], row[kUpdated], p.created);

      contact_ids_[index] = id;
      contact_info_[index] = p.info;
    }
  }

  // ---- activities --------------------------------------------------------------------------------
  void produce_activities(Chunk& ch, int64_t begin, std::size_t n) {
    using namespace activity_col;
    ch.reset(n);
    for (std::size_t k = 0; k < n; ++k) {
      const int64_t j = begin + static_cast<int64_t>(k);
      db::Value* row = ch.row(k);
      // Spread over the same two years in insertion order; each belongs to a contact that existed by then.
      const int64_t limit = std::max<int64_t>(1, static_cast<int64_t>((static_cast<__int128>(n_contacts_) * (j + 1) +
                                                                        n_activities_ - 1) / n_activities_));
      const auto ci = static_cast<std::size_t>(pick_earlier(std::min(limit, n_contacts_)));
      const ContactInfo& info = contact_info_[ci];
      const auto first = kFirstNames[info.first];
      const auto last = kLastNames[info.last];
      const std::string_view contact_email = this->contact_email(ci);
      const auto company = info.company >= 0 ? static_cast<std::size_t>(info.company) : SIZE_MAX;
      auto type = pick_weighted(rng_, kActivityTypes);
      if (contact_email.empty() && (type == "email" || type == "meeting")) type = "call";  // email had to be NULL
      int64_t t = std::min(now_ - kMinute, spread(j, n_activities_));
      const int64_t created = t;
      int64_t updated = t;

      for (auto c : {kDue, kDone, kCompleted, kDirection, kDuration, kOutcome, kStarts, kEnds, kLocation, kFrom})
        set_null(row[c]);
      set(row[kAttendees], "[]");
      set(row[kTo], "[]");
      subject_.clear();
      body_.clear();

      if (type == "note") {
        subject_ += rng_.pick(kNoteSubjects);
        body_ += "Spoke with ";
        body_ += first;
        body_ += " about ";
        body_ += rng_.pick(kTopics);
        body_ += ". ";
        body_ += rng_.pick(kNextSteps);
      } else if (type == "task") {
        subject_ += rng_.pick(kTaskVerbs);
        subject_.push_back(' ');
        subject_ += first;
        subject_.push_back(' ');
        subject_ += last;
        if (rng_.chance(60)) {
          body_ += "Regarding ";
          body_ += rng_.pick(kTopics);
          body_.push_back('.');
        }
        const int64_t due = t + rng_.range(1, 14) * kDay;
        set(row[kDue], clock::format_ms(due));
        const bool done = due < now_ ? rng_.chance(80) : rng_.chance(10);
        set(row[kDone], int64_t{done ? 1 : 0});
        if (done) {
          const int64_t completed =
              std::min(now_, t + kMinute + static_cast<int64_t>(rng_.below(static_cast<uint64_t>(due - t))));
          set(row[kCompleted], clock::format_ms(completed));
          updated = completed;
        }
      } else if (type == "call") {
        const bool outbound = rng_.chance(70);
        const auto outcome = pick_weighted(rng_, kOutcomes);
        subject_ += outbound ? "Call to " : "Call from ";
        subject_ += first;
        subject_.push_back(' ');
        subject_ += last;
        int64_t duration;
        if (outcome == "connected") {
          duration = rng_.range(60, 2700);
          body_ += "Discussed ";
          body_ += rng_.pick(kTopics);
          body_ += ". ";
          body_ += rng_.pick(kNextSteps);
        } else {
          duration = outcome == "left_voicemail" ? rng_.range(20, 90) : rng_.range(0, 30);
          body_ += outcome == "left_voicemail" ? "Left a voicemail, will try again." : "Could not reach them, will try again.";
        }
        set(row[kDirection], outbound ? "outbound" : "inbound");
        set(row[kDuration], duration);
        set(row[kOutcome], outcome);
      } else if (type == "meeting") {
        subject_ += rng_.pick(kMeetingKinds);
        subject_ += " with ";
        if (company != SIZE_MAX) {
          subject_ += company_names_[company];
        } else {
          subject_ += first;
          subject_.push_back(' ');
          subject_ += last;
        }
        body_ += "Agenda: ";
        body_ += rng_.pick(kTopics);
        body_.push_back('.');
        // Booked at t for a working-hours slot on the half hour after it; recent ones are often ahead.
        int64_t starts = t - t % kDay + rng_.range(8, 17) * kHour + (rng_.chance(50) ? 30 * kMinute : 0);
        if (starts <= t) starts += kDay;
        if (now_ - t < 14 * kDay && rng_.chance(40)) starts += rng_.range(1, 14) * kDay;
        static constexpr std::array<int64_t, 4> kLengths = {30, 45, 60, 90};
        const int64_t ends = starts + rng_.pick(kLengths) * kMinute;
        t = starts;
        set(row[kStarts], clock::format_ms(starts));
        set(row[kEnds], clock::format_ms(ends));
        if (company != SIZE_MAX && rng_.chance(40)) {
          text_.assign(kCities[company_city_[company]].name);
          text_ += " office";
        } else {
          text_.assign(rng_.pick(kVirtualLocations));
        }
        set(row[kLocation], text_);
        text_.assign("[");
        append_json_string(text_, contact_email);
        text_.push_back(',');
        append_json_string(text_, owner_email_);
        text_.push_back(']');
        set(row[kAttendees], text_);
      } else {  // email
        const bool outbound = rng_.chance(60);
        subject_ += outbound ? "" : "Re: ";
        subject_ += "Following up on ";
        subject_ += rng_.pick(kTopics);
        if (outbound) {
          body_ += "Hi ";
          body_ += first;
          body_ += ",\n\n";
          body_ += rng_.pick(kEmailLines);
          body_ += "\n\nBest regards";
        } else {
          body_ += "Hi,\n\nCould you send me more details on ";
          body_ += rng_.pick(kTopics);
          body_ += "?\n\nThanks,\n";
          body_ += first;
        }
        set(row[kDirection], outbound ? "outbound" : "inbound");
        set(row[kFrom], outbound ? std::string_view(owner_email_) : contact_email);
        text_.assign("[");
        append_json_string(text_, outbound ? contact_email : std::string_view(owner_email_));
        text_.push_back(']');
        set(row[kTo], text_);
      }

      const Id id = make_id();
      set(row[kId], view(id));
      set(row[kWs], ws_);
      set(row[kType], type);
      set(row[kSubject], subject_);
      if (body_.empty())
        set_null(row[kBody]);
      else
        set(row[kBody], body_);
      set(row[kOccurred], clock::format_ms(t));
      set(row[kOwner], owner_);
      set(row[kCreated], clock::format_ms(created));
      set(row[kUpdated], updated == created ? std::get<std::string>(row[kCreated]) : clock::format_ms(updated));
      set(row[kContactId], view(contact_ids_[ci]));
      if (company != SIZE_MAX)
        set(row[kCompanyId], view(company_ids_[company]));
      else
        set_null(row[kCompanyId]);
    }
  }

 private:
  static constexpr int64_t kSpan = 730 * kDay;  // data covers the last two years
  static constexpr uint64_t kCombos = kCompanyPrefixes.size() * kCompanySuffixes.size();

  static constexpr uint8_t kCompanyMail = 255;
  struct ContactInfo {
    uint8_t first, last;
    uint8_t mail;     // index into kFreeMailDomains, or kCompanyMail: the company's domain
    int32_t company;  // index into company_ids_, or -1
  };
  struct PendingContact {
    ContactInfo info;
    uint8_t city;
    uint32_t suffix_at;
    int64_t created;
    std::string email;
  };

  std::string_view company_domain(std::size_t i) const {
    if (!domain_override.empty())
      if (auto it = domain_override.find(i); it != domain_override.end()) return it->second;
    return company_domains_[i];
  }
  // "first.last.<n>@domain"; returns where the "@" is (a uniqueness suffix goes there).
  uint32_t build_email(std::string& out, const ContactInfo& info, int64_t index) const {
    out.clear();
    append_slug(out, kFirstNames[info.first]);
    out.push_back('.');
    append_slug(out, kLastNames[info.last]);
    out.push_back('.');
    append_int(out, contact_base_ + index + 1);
    const auto at = static_cast<uint32_t>(out.size());
    out.push_back('@');
    out += info.mail == kCompanyMail ? company_domain(static_cast<std::size_t>(info.company)) : kFreeMailDomains[info.mail];
    return at;
  }
  // The email contact i was inserted with (empty when it had to be NULL); valid until the next call.
  std::string_view contact_email(std::size_t i) {
    if (!email_override.empty())
      if (auto it = email_override.find(i); it != email_override.end()) return it->second;
    build_email(email_, contact_info_[i], static_cast<int64_t>(i));
    return email_;
  }

  // When record i of n was created: evenly over the two years plus jitter, so creation order follows
  // insertion order (the created/updated indexes append).
  int64_t spread(int64_t i, int64_t n) {
    n = std::max<int64_t>(n, 1);
    const int64_t step = std::max<int64_t>(1, kSpan / n);
    return start_ + static_cast<int64_t>((static_cast<__int128>(kSpan) * i) / n) +
           static_cast<int64_t>(rng_.below(static_cast<uint64_t>(step)));
  }
  // created_at, and updated_at: most records were edited again within a couple of weeks.
  void stamp(db::Value& created_v, db::Value& updated_v, int64_t created) {
    set(created_v, clock::format_ms(created));
    if (rng_.chance(60) && now_ - created > 1)
      set(updated_v, clock::format_ms(created + 1 + static_cast<int64_t>(rng_.below(
                                                        static_cast<uint64_t>(std::min(now_ - created - 1, 14 * kDay))))));
    else
      set(updated_v, std::get<std::string>(created_v));
  }
  // An index below `limit` (>= 1): mostly among the most recent 1% (at least 20) — contacts are added
  // around when their company is, activities happen mostly around recent contacts — sometimes any.
  // Keeping most picks recent also keeps the company and timeline indexes' hot pages few.
  int64_t pick_earlier(int64_t limit) {
    if (limit <= 1) return 0;
    if (rng_.chance(15)) return static_cast<int64_t>(rng_.below(static_cast<uint64_t>(limit)));
    const int64_t window = std::min(limit, std::max<int64_t>(20, limit / 100));
    return limit - 1 - static_cast<int64_t>(rng_.below(static_cast<uint64_t>(window)));
  }

  const std::string& ws_;
  const std::string& owner_;
  const std::string owner_email_;
  Rng rng_;
  const int64_t n_companies_, n_contacts_, n_activities_, company_base_, contact_base_;
  const int64_t now_, start_;
  uint64_t stride_ = 1, offset_ = 0;

  std::vector<Id> company_ids_;
  Arena company_domains_, company_names_;
  std::vector<uint8_t> company_city_;
  std::vector<Id> contact_ids_;
  std::vector<ContactInfo> contact_info_;

  // Scratch space, reused.
  std::string name_, domain_, text_, subject_, body_, email_;
  std::vector<PendingContact> pending_;
  std::vector<uint32_t> order_;
};

}  // namespace

GenerateReport generate_data(db::Connection& c, const std::string& workspace_id, const std::string& owner_user_id,
                             const GenerateCounts& counts, uint64_t seed) {
  const auto t0 = std::chrono::steady_clock::now();
  GenerateReport report;
  const int64_t n_companies = std::max<int64_t>(0, counts.companies);
  const int64_t n_contacts = std::max<int64_t>(0, counts.contacts);
  const int64_t n_activities = n_contacts > 0 ? std::max<int64_t>(0, counts.activities) : 0;

  // Numbering continues after what the workspace already holds, so a second run's domains and emails
  // do not collide with the first's.
  const int64_t company_base = existing_rows(c, "companies", workspace_id);
  const int64_t contact_base = existing_rows(c, "contacts", workspace_id);
  std::string owner_email = "owner@example.com";
  {
    db::Value v = c.scalar("SELECT email FROM users WHERE id = ?", {owner_user_id});
    if (auto* s = std::get_if<std::string>(&v); s && s->find('@') != std::string::npos) owner_email = *s;
  }
  Generator gen(workspace_id, owner_user_id, owner_email, seed, n_companies, n_contacts, n_activities, company_base,
                contact_base);

  // No audit_log or outbox rows: generated data is an import, not a sequence of user edits (and a
  // million webhook events would help nobody). record_counts is updated with every batch.
  Session session(c, workspace_id);
  session.begin();
  std::string changed;

  auto& company_st = c.prepare(kInsertCompany);
  pipeline(
      n_companies, 8192, company_col::kCount,
      [&](Chunk& ch, int64_t begin, std::size_t n) { gen.produce_companies(ch, begin, n); },
      [&](Chunk& ch) {
        for (std::size_t k = 0; k < ch.rows; ++k) {
          if (insert_unique(company_st, ch.row(k), company_col::kCount, company_col::kDomain, ch.suffix_at[k], changed))
            gen.domain_override[static_cast<std::size_t>(ch.index[k])] = changed;
          ++report.companies;
          session.added(0, 1);
        }
      });

  auto& contact_st = c.prepare(kInsertContact);
  pipeline(
      n_contacts, 32768, contact_col::kCount,
      [&](Chunk& ch, int64_t begin, std::size_t n) { gen.produce_contacts(ch, begin, n); },
      [&](Chunk& ch) {
        for (std::size_t k = 0; k < ch.rows; ++k) {
          if (insert_unique(contact_st, ch.row(k), contact_col::kCount, contact_col::kEmail, ch.suffix_at[k], changed))
            gen.email_override[static_cast<std::size_t>(ch.index[k])] = changed;
          ++report.contacts;
          session.added(1, 1);
        }
      });

  auto& activity_st = c.prepare(kInsertActivity);
  auto& link_st = c.prepare(kInsertLink);
  const db::Value ws_value = workspace_id;
  const db::Value contacts_value = std::string("contacts"), companies_value = std::string("companies");
  pipeline(
      n_activities, 16384, activity_col::kChunkCols,
      [&](Chunk& ch, int64_t begin, std::size_t n) { gen.produce_activities(ch, begin, n); },
      [&](Chunk& ch) {
        using namespace activity_col;
        for (std::size_t k = 0; k < ch.rows; ++k) {
          db::Value* row = ch.row(k);
          bind_row(activity_st, row, kCount);
          activity_st.run();
          // The timeline links: the contact, and its company when it has one.
          int64_t rows = 1;
          for (std::size_t target : {kContactId, kCompanyId}) {
            if (std::holds_alternative<std::nullptr_t>(row[target])) continue;
            link_st.reset();
            link_st.bind(1, ws_value)
                .bind(2, row[kId])
                .bind(3, target == kContactId ? contacts_value : companies_value)
                .bind(4, row[target])
                .bind(5, row[kOccurred])
                .run();
            ++rows;
          }
          ++report.activities;
          session.added(2, rows);
        }
      });

  session.commit();
  session.finish();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return report;
}

}  // namespace rapport::app
