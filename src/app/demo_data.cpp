#include "app/demo_data.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <string_view>
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
// Transactions, batches and connection settings.

class Session {
 public:
  Session(db::Connection& c, const std::string& ws) : c_(c), ws_(ws) {
    synchronous_ = std::get<int64_t>(c_.scalar("PRAGMA synchronous"));
    cache_size_ = std::get<int64_t>(c_.scalar("PRAGMA cache_size"));
    // WAL with synchronous=NORMAL stays consistent after a crash (only the last commits may be lost),
    // and skips an fsync per commit; a bigger page cache keeps the secondary indexes' hot pages in memory.
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

  // Restores the connection's settings and checkpoints the WAL (a big import leaves a big WAL behind;
  // busy readers only make the checkpoint partial, never an error).
  void finish() {
    if (finished_) return;
    finished_ = true;
    c_.exec("PRAGMA synchronous=" + std::to_string(synchronous_));
    c_.exec("PRAGMA cache_size=" + std::to_string(cache_size_));
    c_.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }

  void begin() {
    c_.exec("BEGIN IMMEDIATE");
    open_ = true;
  }
  // Counts one inserted row of `kind` (0 companies, 1 contacts, 2 activities; links count as rows
  // for batching but are not records) and commits when the batch is full.
  void added(int kind, int64_t rows = 1) {
    if (kind >= 0) pending_[kind] += 1;
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

 private:
  static constexpr int64_t kBatchRows = 50000;
  db::Connection& c_;
  const std::string& ws_;
  int64_t synchronous_ = 2, cache_size_ = -16000;
  bool open_ = false, finished_ = false;
  int64_t rows_ = 0;
  std::array<int64_t, 3> pending_{};
};

// Runs an insert whose unique text column (domain, email) might collide with a row made by a user:
// retries with "-2", "-3", ... inserted at `suffix_at`, and finally with NULL. Returns the value used.
std::string_view run_unique(db::Statement& st, std::vector<db::Value>& row, std::size_t col, std::string& text,
                            std::size_t suffix_at) {
  std::string original = text;
  for (int attempt = 1;; ++attempt) {
    try {
      st.reset();
      st.bind_all(row).run();
      return attempt > 6 ? std::string_view() : std::string_view(text);
    } catch (const db::ConstraintError&) {
      if (attempt > 6) throw;
      text = original;
      if (attempt < 6) {
        std::string tag = "-" + std::to_string(attempt + 1);
        text.insert(suffix_at, tag);
        set(row[col], text);
      } else {
        set_null(row[col]);
        text.clear();
      }
    }
  }
}

int64_t existing_rows(db::Connection& c, const std::string& table, const std::string& ws) {
  return std::get<int64_t>(c.scalar("SELECT count(*) FROM " + table + " WHERE workspace_id = ?", {ws}));
}

using Id = std::array<char, 36>;
std::string_view view(const Id& id) { return {id.data(), id.size()}; }
Id make_id() {
  Id id;
  std::string s = ids::uuid_v7();
  std::memcpy(id.data(), s.data(), id.size());
  return id;
}

// When record i of n is created: spread evenly over [start, start + span), a little jitter, so creation
// order follows insertion order (the created/updated indexes append).
int64_t spread(Rng& r, int64_t start, int64_t span, int64_t i, int64_t n) {
  int64_t step = std::max<int64_t>(1, span / std::max<int64_t>(n, 1));
  return start + static_cast<int64_t>((static_cast<__int128>(span) * i) / std::max<int64_t>(n, 1)) +
         static_cast<int64_t>(r.below(static_cast<uint64_t>(step)));
}

// An index below `limit` (limit >= 1), half the time among the most recent tenth: newer records get
// more of the new activity.
int64_t pick_earlier(Rng& r, int64_t limit) {
  if (limit <= 1) return 0;
  if (r.chance(50)) return static_cast<int64_t>(r.below(static_cast<uint64_t>(limit)));
  int64_t window = std::max<int64_t>(1, limit / 10);
  return limit - 1 - static_cast<int64_t>(r.below(static_cast<uint64_t>(window)));
}

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;

}  // namespace


GenerateReport generate_data(db::Connection& c, const std::string& workspace_id, const std::string& owner_user_id,
                             const GenerateCounts& counts, uint64_t seed) {
  const auto t0 = std::chrono::steady_clock::now();
  GenerateReport report;
  const int64_t n_companies = std::max<int64_t>(0, counts.companies);
  const int64_t n_contacts = std::max<int64_t>(0, counts.contacts);
  const int64_t n_activities = n_contacts > 0 ? std::max<int64_t>(0, counts.activities) : 0;

  Rng rng{seed ^ 0x5eed5eed5eed5eedULL};
  const int64_t now = clock::now_ms();
  const int64_t span = 730 * kDay;
  const int64_t start = now - span;

  // Numbering continues after what the workspace already holds, so a second run's domains and emails
  // do not collide with the first's.
  const int64_t company_base = existing_rows(c, "companies", workspace_id);
  const int64_t contact_base = existing_rows(c, "contacts", workspace_id);
  std::string owner_email = "owner@example.com";
  {
    db::Value v = c.scalar("SELECT email FROM users WHERE id = ?", {owner_user_id});
    if (auto* s = std::get_if<std::string>(&v); s && s->find('@') != std::string::npos) owner_email = *s;
  }

  // No audit_log or outbox rows below: generated data is an import, not a sequence of user edits.
  Session session(c, workspace_id);
  session.begin();
  std::string ts_created, ts_updated;
  auto stamp = [&](int64_t created) {
    ts_created = clock::format_ms(created);
    // Most records were touched again at some point after they were created.
    if (rng.chance(60) && now > created)
      ts_updated = clock::format_ms(created + static_cast<int64_t>(rng.below(static_cast<uint64_t>(now - created))));
    else
      ts_updated = ts_created;
  };

  // ---- companies -----------------------------------------------------------------------------------
  std::vector<Id> company_ids;
  company_ids.reserve(static_cast<std::size_t>(n_companies));
  Arena company_domains, company_names;
  company_domains.reserve(static_cast<std::size_t>(n_companies), 28);
  company_names.reserve(static_cast<std::size_t>(n_companies), 22);
  std::vector<uint8_t> company_city(static_cast<std::size_t>(n_companies));
  {
    auto& st = c.prepare(
        "INSERT INTO companies(id, workspace_id, name, domain, industry, size, employee_count, website, phone, "
        "city, country, description, owner_id, custom, created_at, updated_at, created_by, version) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, '{}', ?14, ?15, ?13, 1)");
    enum { kId, kWs, kName, kDomain, kIndustry, kSize, kEmployees, kWebsite, kPhone, kCity, kCountry, kDescription,
           kOwner, kCreated, kUpdated, kCols };
    std::vector<db::Value> row(kCols);
    set(row[kWs], workspace_id);
    set(row[kOwner], owner_user_id);
    // Names are prefix x suffix combinations visited in a seed-dependent order; a number is appended
    // once every combination has been used.
    constexpr uint64_t kCombos = kCompanyPrefixes.size() * kCompanySuffixes.size();  // 3200 = 2^7 * 5^2
    uint64_t stride = 2 * (seed % 1000) + 1;  // coprime with 3200: odd and not a multiple of 5
    if (stride % 5 == 0) stride += 2;
    const uint64_t offset = (seed >> 8) % kCombos;
    std::string name, domain, website, phone, description;
    for (int64_t i = 0; i < n_companies; ++i) {
      const uint64_t ordinal = static_cast<uint64_t>(company_base + i);
      const uint64_t combo = ((ordinal % kCombos) * stride + offset) % kCombos;
      const uint64_t round = ordinal / kCombos;
      const auto prefix = kCompanyPrefixes[combo % kCompanyPrefixes.size()];
      const auto& suffix = kCompanySuffixes[combo / kCompanyPrefixes.size()];
      name.assign(prefix);
      name.push_back(' ');
      name += suffix.word;
      domain.clear();
      append_slug(domain, prefix, '-');
      domain.push_back('-');
      append_slug(domain, suffix.word, '-');
      if (round > 0) {
        name.push_back(' ');
        append_int(name, static_cast<int64_t>(round + 1));
        domain.push_back('-');
        append_int(domain, static_cast<int64_t>(round + 1));
      }
      const std::size_t domain_suffix_at = domain.size();
      domain += ".example";

      const Size& size = pick_weighted(rng, kSizes);
      const int city_idx = pick_city(rng);
      const City& city = kCities[static_cast<std::size_t>(city_idx)];
      const int64_t employees = rng.range(size.lo, size.hi);

      const Id id = make_id();
      set(row[kId], view(id));
      set(row[kName], name);
      set(row[kDomain], domain);
      set(row[kIndustry], suffix.industry);
      set(row[kSize], size.label);
      set(row[kEmployees], employees);
      if (rng.chance(85)) {
        website.assign("https://www.");
        website += domain;
        set(row[kWebsite], website);
      } else {
        set_null(row[kWebsite]);
      }
      if (rng.chance(70)) {
        phone.clear();
        append_phone(phone, rng, city);
        set(row[kPhone], phone);
      } else {
        set_null(row[kPhone]);
      }
      set(row[kCity], city.name);
      set(row[kCountry], city.country);
      if (rng.chance(40)) {
        description.assign(suffix.industry);
        description += " company based in ";
        description += city.name;
        description += employees > 1000 ? ". Enterprise account." : employees > 50 ? ". Mid-market account." : ". Small business.";
        set(row[kDescription], description);
      } else {
        set_null(row[kDescription]);
      }
      stamp(spread(rng, start, span, i, n_companies));
      set(row[kCreated], ts_created);
      set(row[kUpdated], ts_updated);
      const std::string_view used = run_unique(st, row, kDomain, domain, domain_suffix_at);

      company_ids.push_back(id);
      company_domains.push(used);
      company_names.push(name);
      company_city[static_cast<std::size_t>(i)] = static_cast<uint8_t>(city_idx);
      ++report.companies;
      session.added(0, 1);
    }
  }

  // ---- contacts ------------------------------------------------------------------------------------
  std::vector<Id> contact_ids;
  contact_ids.reserve(static_cast<std::size_t>(n_contacts));
  Arena contact_emails;
  contact_emails.reserve(static_cast<std::size_t>(n_contacts), 44);
  struct ContactInfo {
    uint8_t first, last;
    int32_t company;  // index into company_ids, or -1
  };
  std::vector<ContactInfo> contact_info;
  contact_info.reserve(static_cast<std::size_t>(n_contacts));
  {
    auto& st = c.prepare(
        "INSERT INTO contacts(id, workspace_id, first_name, last_name, email, phone, emails, phones, company_id, "
        "job_title, lifecycle_stage, city, country, owner_id, custom, created_at, updated_at, created_by, version) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, '[]', '[]', ?7, ?8, ?9, ?10, ?11, ?12, '{}', ?13, ?14, ?12, 1)");
    enum { kId, kWs, kFirst, kLast, kEmail, kPhone, kCompany, kTitle, kStage, kCity, kCountry, kOwner, kCreated,
           kUpdated, kCols };
    std::vector<db::Value> row(kCols);
    set(row[kWs], workspace_id);
    set(row[kOwner], owner_user_id);
    std::string email, phone;
    for (int64_t i = 0; i < n_contacts; ++i) {
      ContactInfo info{static_cast<uint8_t>(rng.below(kFirstNames.size())),
                       static_cast<uint8_t>(rng.below(kLastNames.size())), -1};
      if (n_companies > 0 && rng.chance(90)) {
        // A company that already existed when this contact was created.
        const int64_t limit = std::max<int64_t>(
            1, static_cast<int64_t>((static_cast<__int128>(n_companies) * (i + 1) + n_contacts - 1) / n_contacts));
        info.company = static_cast<int32_t>(pick_earlier(rng, std::min(limit, n_companies)));
      }
      const auto first = kFirstNames[info.first];
      const auto last = kLastNames[info.last];
      email.clear();
      append_slug(email, first);
      email.push_back('.');
      append_slug(email, last);
      email.push_back('.');
      append_int(email, contact_base + i + 1);
      const std::size_t email_suffix_at = email.size();
      email.push_back('@');
      std::string_view domain = info.company >= 0 ? company_domains[static_cast<std::size_t>(info.company)] : "";
      if (domain.empty()) domain = rng.pick(kFreeMailDomains);
      email += domain;

      const int city_idx = info.company >= 0 && rng.chance(80) ? company_city[static_cast<std::size_t>(info.company)]
                                                               : pick_city(rng);
      const City& city = kCities[static_cast<std::size_t>(city_idx)];

      const Id id = make_id();
      set(row[kId], view(id));
      set(row[kFirst], first);
      set(row[kLast], last);
      set(row[kEmail], email);
      if (rng.chance(65)) {
        phone.clear();
        append_phone(phone, rng, city);
        set(row[kPhone], phone);
      } else {
        set_null(row[kPhone]);
      }
      if (info.company >= 0)
        set(row[kCompany], view(company_ids[static_cast<std::size_t>(info.company)]));
      else
        set_null(row[kCompany]);
      if (rng.chance(90))
        set(row[kTitle], rng.pick(kJobTitles));
      else
        set_null(row[kTitle]);
      set(row[kStage], pick_weighted(rng, kStages));
      set(row[kCity], city.name);
      set(row[kCountry], city.country);
      stamp(spread(rng, start, span, i, n_contacts));
      set(row[kCreated], ts_created);
      set(row[kUpdated], ts_updated);
      const std::string_view used = run_unique(st, row, kEmail, email, email_suffix_at);

      contact_ids.push_back(id);
      contact_emails.push(used);
      contact_info.push_back(info);
      ++report.contacts;
      session.added(1, 1);
    }
  }

  // ---- activities and their timeline links ---------------------------------------------------------
  {
    auto& st = c.prepare(
        "INSERT INTO activities(id, workspace_id, type, subject, body, occurred_at, due_at, done, completed_at, "
        "direction, duration_seconds, outcome, starts_at, ends_at, location, attendees, email_from, email_to, "
        "owner_id, custom, created_at, updated_at, created_by, version) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, '{}', ?20, "
        "?21, ?19, 1)");
    enum { kId, kWs, kType, kSubject, kBody, kOccurred, kDue, kDone, kCompleted, kDirection, kDuration, kOutcome,
           kStarts, kEnds, kLocation, kAttendees, kFrom, kTo, kOwner, kCreated, kUpdated, kCols };
    std::vector<db::Value> row(kCols);
    set(row[kWs], workspace_id);
    set(row[kOwner], owner_user_id);
    auto& link = c.prepare(
        "INSERT INTO activity_links(workspace_id, activity_id, target_type, target_id, occurred_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    std::vector<db::Value> link_row(5);
    set(link_row[0], workspace_id);

    std::string subject, body, occurred, text, attendees, to, location;
    const std::vector<size_t> nullable = {kDue, kDone, kCompleted, kDirection, kDuration, kOutcome,
                                          kStarts, kEnds, kLocation, kFrom};
    for (int64_t j = 0; j < n_activities; ++j) {
      // Activities are spread over the same two years in insertion order; each belongs to a contact
      // that existed by then.
      const int64_t limit = std::max<int64_t>(
          1, static_cast<int64_t>((static_cast<__int128>(n_contacts) * (j + 1) + n_activities - 1) / n_activities));
      const auto ci = static_cast<std::size_t>(pick_earlier(rng, std::min(limit, n_contacts)));
      const ContactInfo& info = contact_info[ci];
      const auto first = kFirstNames[info.first];
      const auto last = kLastNames[info.last];
      const std::string_view contact_email = contact_emails[ci];
      const std::string_view company_name =
          info.company >= 0 ? company_names[static_cast<std::size_t>(info.company)] : std::string_view();
      const auto type = pick_weighted(rng, kActivityTypes);
      int64_t t = std::min(now - kMinute, spread(rng, start, span, j, n_activities));
      int64_t created = t, updated = t;

      for (auto k : nullable) set_null(row[k]);
      set(row[kAttendees], "[]");
      set(row[kTo], "[]");
      subject.clear();
      body.clear();

      if (type == "note") {
        subject += rng.pick(kNoteSubjects);
        body += "Spoke with ";
        body += first;
        body += " about ";
        body += rng.pick(kTopics);
        body += ". ";
        body += rng.pick(kNextSteps);
      } else if (type == "task") {
        subject += rng.pick(kTaskVerbs);
        subject.push_back(' ');
        subject += first;
        subject.push_back(' ');
        subject += last;
        if (rng.chance(60)) {
          body += "Regarding ";
          body += rng.pick(kTopics);
          body.push_back('.');
        }
        const int64_t due = t + rng.range(1, 14) * kDay;
        set(row[kDue], clock::format_ms(due));
        const bool done = due < now ? rng.chance(80) : rng.chance(10);
        set(row[kDone], int64_t{done ? 1 : 0});
        if (done) {
          const int64_t completed = std::min(now, t + static_cast<int64_t>(rng.below(static_cast<uint64_t>(due - t + kDay))));
          set(row[kCompleted], clock::format_ms(completed));
          updated = completed;
        }
      } else if (type == "call") {
        const bool outbound = rng.chance(70);
        const auto outcome = pick_weighted(rng, kOutcomes);
        subject += outbound ? "Call to " : "Call from ";
        subject += first;
        subject.push_back(' ');
        subject += last;
        int64_t duration;
        if (outcome == "connected") {
          duration = rng.range(60, 2700);
          body += "Discussed ";
          body += rng.pick(kTopics);
          body += ". ";
          body += rng.pick(kNextSteps);
        } else {
          duration = outcome == "left_voicemail" ? rng.range(20, 90) : rng.range(0, 30);
          body += outcome == "left_voicemail" ? "Left a voicemail, will try again." : "Could not reach them, will try again.";
        }
        set(row[kDirection], outbound ? "outbound" : "inbound");
        set(row[kDuration], duration);
        set(row[kOutcome], outcome);
      } else if (type == "meeting") {
        subject += rng.pick(kMeetingKinds);
        subject += " with ";
        if (!company_name.empty()) {
          subject += company_name;
        } else {
          subject += first;
          subject.push_back(' ');
          subject += last;
        }
        body += "Agenda: ";
        body += rng.pick(kTopics);
        body.push_back('.');
        // Meetings start on the half hour; recent ones are sometimes still ahead.
        int64_t starts = t;
        if (now - t < 14 * kDay && rng.chance(40)) starts = t + rng.range(1, 14) * kDay;
        starts -= starts % (30 * kMinute);
        static constexpr std::array<int64_t, 4> kLengths = {30, 45, 60, 90};
        const int64_t ends = starts + rng.pick(kLengths) * kMinute;
        t = starts;
        set(row[kStarts], clock::format_ms(starts));
        set(row[kEnds], clock::format_ms(ends));
        if (info.company >= 0 && rng.chance(40)) {
          location.assign(kCities[company_city[static_cast<std::size_t>(info.company)]].name);
          location += " office";
        } else {
          location.assign(rng.pick(kVirtualLocations));
        }
        set(row[kLocation], location);
        attendees.assign("[");
        append_json_string(attendees, contact_email);
        attendees.push_back(',');
        append_json_string(attendees, owner_email);
        attendees.push_back(']');
        set(row[kAttendees], attendees);
      } else {  // email
        const bool outbound = rng.chance(60);
        subject += outbound ? "" : "Re: ";
        subject += "Following up on ";
        subject += rng.pick(kTopics);
        body += "Hi ";
        body += outbound ? first : std::string_view("there");
        body += ",\n\n";
        body += rng.pick(kNextSteps);
        body += "\n\nBest regards";
        set(row[kDirection], outbound ? "outbound" : "inbound");
        set(row[kFrom], outbound ? std::string_view(owner_email) : contact_email);
        to.assign("[");
        append_json_string(to, outbound ? contact_email : std::string_view(owner_email));
        to.push_back(']');
        set(row[kTo], to);
      }

      const Id id = make_id();
      occurred = clock::format_ms(t);
      set(row[kId], view(id));
      set(row[kType], type);
      set(row[kSubject], subject);
      if (body.empty())
        set_null(row[kBody]);
      else
        set(row[kBody], body);
      set(row[kOccurred], occurred);
      set(row[kCreated], clock::format_ms(created));
      set(row[kUpdated], updated == created ? std::get<std::string>(row[kCreated]) : clock::format_ms(updated));
      st.reset();
      st.bind_all(row).run();

      set(link_row[1], view(id));
      set(link_row[2], "contacts");
      set(link_row[3], view(contact_ids[ci]));
      set(link_row[4], occurred);
      link.reset();
      link.bind_all(link_row).run();
      int64_t rows = 2;
      if (info.company >= 0) {
        set(link_row[2], "companies");
        set(link_row[3], view(company_ids[static_cast<std::size_t>(info.company)]));
        link.reset();
        link.bind_all(link_row).run();
        ++rows;
      }
      ++report.activities;
      session.added(2, rows);
    }
  }

  session.commit();
  session.finish();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return report;
}

}  // namespace rapport::app
