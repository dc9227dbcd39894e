// Tests of FIPS 202 (src/fips202.h) and of the ref Keccak-f[1600] kernels.
//
// Every known answer below was computed outside this library:
//  * hashes: CPython's hashlib on the input pattern(N)[i] = (i*7+3) & 0xff, e.g.
//      python3 -c "import hashlib; m=bytes((i*7+3)&255 for i in range(N)); print(hashlib.sha3_256(m).hexdigest(), hashlib.sha3_512(m).hexdigest(), hashlib.shake_128(m).hexdigest(32), hashlib.shake_256(m).hexdigest(32))"
//    with N replaced by each length of kHashKats; the long outputs are
//    hashlib.shake_128(pattern(34)).hexdigest(1000) and
//    hashlib.shake_256(pattern(33)).hexdigest(500), and the empty-input
//    SHAKE256 value is hashlib.shake_256(b"").hexdigest(64);
//  * the permutation: a direct transcription of FIPS 202 Algorithms 1-7 in
//    Python, itself checked against hashlib before printing:
//   import hashlib
//   M = 2**64 - 1
//   def rot(v, n): return ((v << n) | (v >> (64 - n))) & M if n % 64 else v
//   def rc(t):  # FIPS 202 Algorithm 5
//       R = [1, 0, 0, 0, 0, 0, 0, 0]
//       for _ in range(t % 255):
//           R = [0] + R
//           for k in (0, 4, 5, 6): R[k] ^= R[8]
//           R = R[:8]
//       return R[0]
//   def keccak_f(A):  # A[x + 5y], FIPS 202 Algorithms 1-4, 6, 7
//       for ir in range(24):
//           C = [A[x] ^ A[x+5] ^ A[x+10] ^ A[x+15] ^ A[x+20] for x in range(5)]
//           A = [A[i] ^ C[(i-1) % 5] ^ rot(C[(i+1) % 5], 1) for i in range(25)]
//           x, y, B = 1, 0, A[:]
//           for t in range(24):
//               B[x+5*y] = rot(A[x+5*y], (t+1)*(t+2)//2 % 64); x, y = y, (2*x+3*y) % 5
//           A = [B[(x+3*y) % 5 + 5*x] for y in range(5) for x in range(5)]
//           A = [A[i] ^ ((A[(i+1) % 5 + i//5*5] ^ M) & A[(i+2) % 5 + i//5*5]) for i in range(25)]
//           A[0] ^= sum(rc(j + 7*ir) << (2**j - 1) for j in range(7))
//       return A
//   def sha3_256(m):  # cross-check of keccak_f against hashlib
//       m = bytearray(m + b'\x06' + bytes(-(len(m)+1) % 136)); m[-1] |= 0x80; S = [0]*25
//       for o in range(0, len(m), 136):
//           S = keccak_f([S[i] ^ int.from_bytes(m[o+8*i:o+8*i+8], 'little') if i < 17 else S[i] for i in range(25)])
//       return b''.join(v.to_bytes(8, 'little') for v in S)[:32]
//   for n in (0, 135, 136, 300): assert sha3_256(bytes(range(n % 256))*2) == hashlib.sha3_256(bytes(range(n % 256))*2).digest()
//   Z = keccak_f([0]*25); ZZ = keccak_f(Z)
//   print(', '.join('0x%016X' % v for v in Z)); print(', '.join('0x%016X' % v for v in ZZ))

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "fips202.h"
#include "keccak_lanes.h"
#include "kernels.h"
#include "stream_array.h"

namespace {

using namespace mlkem::detail;
using Bytes = std::vector<uint8_t>;

Bytes pattern(size_t n, unsigned salt = 0) {
  Bytes m(n);
  for (size_t i = 0; i < n; i++) m[i] = static_cast<uint8_t>(i * 7 + 3 + salt * 101);
  return m;
}

std::string hex(const uint8_t *p, size_t n) {
  static const char digits[] = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; i++) {
    s += digits[p[i] >> 4];
    s += digits[p[i] & 15];
  }
  return s;
}
std::string hex(const Bytes &b) { return hex(b.data(), b.size()); }

// The four hashes of pattern(len); SHAKE outputs truncated to 32 bytes.
struct HashKat {
  size_t len;
  const char *sha3_256, *sha3_512, *shake128, *shake256;
};

const HashKat kHashKats[] = {
    {0,
     "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a",
     "a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1475c80a6"
     "15b2123af1f5f94c11e3e9402c3ac558f500199d95b6d3e301758586281dcd26",
     "7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26",
     "46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f"},
    {1,
     "e3ed56bd086d8958483a12734fa0ae7f5c8bb160ef9092c67e82ed9b19e4c7b2",
     "a63f9712aadceb0fe16f1881719a802294830fa1f7a0e58ff26a45a814309961"
     "c5007f43f4e224a82d3f538a6c8af7d87ec71fb6661bfac0dc0cd9367ddb04ce",
     "776915233d1e79097718e09db209efa466affa24d35c78e7a1f80cf4ebb6c28b",
     "db4252337900d8ab7f609d170135d459a6798945d5a574d4a9db7b623c754d07"},
    {71,
     "254f2ac1df8eae4233c0c2fe74a03331b856518800936943cdbe57d7d224f224",
     "a02d5795bffd44cb0ac3cc3401ae89056b8017242eaf7e802033e974672ce794"
     "5811760c3b0d9578bc51bf90c364636ac87cda9b4f3e45620ea9c030421e9d86",
     "4a7cb3f7fb0004e031fb6317d81da96993227b8e514f19a7e037e7541e5b1511",
     "c5492c4e150f073fa316ab32f6752abf52914ee2a4207f09e35586b7205948df"},
    {72,
     "f4bb95e698a2c13bd27f089f3762076daa40b629dc5d7ec53dbe163fca4a4bf3",
     "2ec0da5ff440c192d33033c4257eb39dcbd27edd7e41b5ac8db9daf13db501a2"
     "ef938151aaddd82f600335654f77512cbcc926ec5abb05b79282ec716d685618",
     "4bbb1d27936a26de9c41ef1a7014be106ab9ad8f10dd68e8d693d00dbdb89f2b",
     "f4771493e402a8aa4fc0251ee80b3f142481417b3dd942dcf72d96e26f75ad6a"},
    {73,
     "c610c3522f9423c2c706b1e26e532b121b67eb06c897d478ac6bb80ddbc8ae1f",
     "d26d1f9fc91b1d6c31405cc4a546f246fa7777f698d956c26a15170bccdd696a"
     "ab3ee2e0597ee6f33bc7ac0336b1e4bfa0cc4355ab9faf8111cf27312640fd65",
     "d639407b276ee21fdcefe0e178d35b4901e19a0283879943e085d3a05c38f757",
     "8bae34cf4fcbba9c49fd2245431d94598e5596243104c0ec61ea3000cec07208"},
    {135,
     "d9dcf1f98e49a79b0643a9e68fef48079ff8777c5e7e7f93469ded65f192ac71",
     "9e9d81e346cf9a62dc4bda518e4096db553188368da1535eaa441982b98d399c"
     "0c8f0136f987886b94d1770387e07b276660317ccb66884cc7427550b7780cd4",
     "c46af4f9a43a25a3f21d90f6a131ff3ed6944306e8c29a7c03f7e237e42c7e0c",
     "0213fc98352f009fafdf8ee1ea36391485a85aa6f6c07a5cd81266d21eb17f9a"},
    {136,
     "743bd32e775ac7387a57d4d574c89ddef5ebcb08bb5cc6b88c55a27b5035cc45",
     "62c81b78426786e5a5d431082d98857c7e6b1988fd721478386233be5c19731c"
     "ea3944dc24e192fb976e422d8bd31524c35026e615ab54c31a58ab772abfe6d7",
     "c9b065cf999862c0c15d02ffa9450e5bf9b57d8457e3a366700de35043f450b4",
     "c00f43811e5b4a38e14e3c06d8a5ce34115a19cd604ce5bac6c3823b76046d5c"},
    {137,
     "01d47e8d6dce6e3dcbf1baa6f845b6ace4ef74bd17da8176ecc49bc35dbe5d21",
     "3fd9dc45a7cdc291153d7b714ad68d824184c4166d2c980d41d5eaf9266e0389"
     "2f965346361f62cb34404cfea6ea165dcdd8c34be99abdc9c500a1fedc315402",
     "4bd0a672017e58746a1d4c98e2474ce03edf72679bb40f9613070cff215ae1b7",
     "3c983983487bcbe74feba53b35bb1e05812379cb4116d9761f78d2ce3177866e"},
    {167,
     "684bf83317ea400f033de352516c168261086092de3a12b6478a20f870a18096",
     "f630f6e4fb09197b8d2503268c3fa8c5e637d7c991b7ee79d7e12ba5cc6e53f2"
     "7f62f643df5fd6d254f515bcbe687b6ab9e442ffbad82288f026d6cf0645ffc6",
     "bb961bb015521037905f9baf69ce60dd3ba73f6ead09a559c8d8a85e10753bca",
     "89a2450c9785e8a01d1baca6b7023479d3a0de33c757a9a584ec84714894c3b7"},
    {168,
     "a5a267be792383677005e1628c1c16a64e0c4e2c9ce096287d389c58706a86d1",
     "460d5cc545a8c466031bb9002635167603da38b2496544508b5af2f123c33feb"
     "690a5b4c442ed89191687f0f1b9dddc7ff343f148f306f85c68e1ce3c8a68b8c",
     "d4f73f3b6c4b72d05f45ed1f80b5774409f9cf336fc202bffa42ac38a6d3fbee",
     "8e824d0df5f99be40bd0c4ee530e2b409a7c7713aba1ee96c56fb7f35729504e"},
    {169,
     "f7a2c4983e6cf26809daea869b625a0748da650270acad5d223be730bb700954",
     "6168dfb98a5dc4257914b2af383012d4202cbcd77afa316c62e5495b394496bd"
     "2ff411fab81c081d8f41de1c7e0273fbb3cf9a38d0892235ac60e5090c4d5904",
     "30454dd0f630ab1bb8fada554060d54012efdbb8e782d013f83a16af1282ca81",
     "e76eaecce9983b4be8a8b9cd8b5a457e9b6995449ad142af68a83a0e171e52bb"},
    {1000,
     "bd8b4d76041e0135e53fab1aaf425c7b1c129d8878ffb64cc31230ccafd7dc7c",
     "3d71681b54b99f11ddeb233b0a41b65896f7b30dda9e83d52864a4e818a09408"
     "e2f306028abe973298f96ee081a06e5ac8156cd7b856f0eb28270e1ca37bd0c6",
     "e666e4224e1a10753e9267e04c93764c4380baad17313529724720d9fca679af",
     "980bf59987a720e516297296f92a27bba960e48a40bd01a0415b2e5dee26313d"},
};

// SHAKE128(pattern(34)), 1000 bytes.
const char kShake128Long[] =
    "37cfe32e8b1f4a199e8b18c2e02d6203f222382770b5093010e28702c48d671e"
    "dbc5d058cfa1f4508dd0f370694695a6ff768ca5dcc0b4f812d5c3248834dc20"
    "8bc4f85f3de2d4a113fe46daed68d68e6dab59a4c876d1defc87e314b966217b"
    "714e66d52bdc58154d159aed79b6f2ccd7e84009e9e5f8103af707e9f6d3f24c"
    "a0e7e719ebd5c8ad983ec33f01ecbfbbbb9ba7d37e186b80857379e377f0f088"
    "939bf5c0df665d378aa3156641380b7ced40bd6af1a2ddbebeb4fbb9b9e51209"
    "034afe8e80f2bf280289ff512241591a5955d48f8285dff397d6f2e469fc838a"
    "d16c7b89d2ff72a5b7c37dae747d5c8339cc889c2d97f8427c1306ae8c305397"
    "099f139f8de6c8ab333d445cfa48ca48d9b34c86f1a04ed5028789631f0a29d2"
    "89546efc8e09d3306ad50c511b2dc0a0f22c28b4d724b1fb8f32e3009f3af25a"
    "e6bbe42cce0eacfe7ae2dd1128a4f2369f763ad7b4b85ce0df6a5fc0a5b18414"
    "a8915b0ca851df641758e64a2a4c40f775e10071e1d92b55488cb07ddc281ee9"
    "15a3d1cdfacab1518dceeb0486e72a3c1fa0d062c3512ac72ebc2a1102cff250"
    "b3139af024739fd5387c5568218288cf6b7fc62ed74bf35a84f87243f76652cd"
    "51e6a0e5b7a22fec19af60ea95b5ad3cc666a01bcf086dd81eb6237a981bac6d"
    "c74e6a26b8cbb379d2c2fc0f0ec20b6a19af4bdaab7e64f4792ffe2b2a1b542e"
    "9b9454b3ac90f595c3e3d7a59bbefcf5df1a6f7c3860fb01263f674f368fa957"
    "d92b7d6ba58de7b0611d34b925c1bf692aff0339d5830dc76c4bbd364dac4c3c"
    "330693eabdb2533670af8f619048d3e7fc6571a7601e36174096f4a94b180e52"
    "a123cb2acec77b983e6a623dd461decf5558c1805dd423f115a578e5743eb5da"
    "c8e9a9294f22a28752bdb059f1b9a2590bfc6f8539129f15bf1e5840ac0a6af9"
    "b3060c29af1c40ccbb2b28b029b0484bd4d7cb1d4ba9296ee1596923c05c58a1"
    "8930f934ed532a7df5dfa0c11578b831d51beb0524091a320dce72bd123c9a33"
    "7ce4567907a49ead299eb753d059d5da753c4226c4549e2f4950319ae0ab004f"
    "ffc09793ac5980d19ab4f38016fdaff03ff8b397ff3a7617030488867e500ef4"
    "3cd3bdd206a5995f436c71a9f37ef0c7124ae07e6dc6a11ece0c143406b0bec6"
    "54b06b14a4d5e75aec4f74f22856fadf1ecc1dd268020a1ca2a86fc07297e982"
    "df4161a857681167756daf72800adab2f89ab826390754d1450da286b507a8a3"
    "32c10ad6a0f76359d54c6233ed0112579573a88497949491560b5bafaaaeca26"
    "b7c0dc161ba044138e5cdea1cc6aa384bb150816b121df25964c655602dc03af"
    "bcc0f2a410be095fdee66a74daa9e25b33306c69462d6370689a2c14978814fc"
    "e8764b684cb10efd";

// SHAKE256(pattern(33)), 500 bytes.
const char kShake256Long[] =
    "6d4cacadef587ae2c30b506d3039d883495f921d2cc4a2376cf672184f85b371"
    "64d0f250e53b75d944d2a3d261714d6f8439de3f1c1a8b9d0aeb0c5ff1161211"
    "37caae31ade43b2d1abe82a1b5d8aaac9ebbbb4aaa341a657f0b89abd62da290"
    "5a2b47c59f0210b4cfe43dd0d624965cf06a3a86033ede2ecb8c8f923be65cc6"
    "44637fba49bb7dd0224cee3241aaf741325b6c6e74eb9e2c8f5df2c7f601db4a"
    "9595ddfcc3a6c580513c07c81c5e4633c5ffb311297a8b9a842a0d2066ea6eda"
    "c0aad60d998187898d2b47e542c25c446d0ca4430aaa98851bbd3a7c968605ed"
    "06c137bfd35c61c829d597a761a108734f6986eda3307dc0fb041ed87299f275"
    "021b6746b3d6e64adbeea3ab829f56838ab4e46b24b200226e2e76abb781dc8c"
    "2cc26dbd3f3c772f55b63a4c3e005f7107e687a2673ca513a358617dabe40daa"
    "a10ed9a8ed228696ffd3c28a0ce1113fff3d9d1bc13d5f4564263b18d64b6378"
    "7a00842f07729ac54d45d0140b445ed3190fa592a58e074df51e82570b5ca6cc"
    "0cbde55a370a76cb7f0ad97487a46a014227f262506efcc8581895a7e0dcbd3a"
    "ded7c2cef6770fb08058b7d3758bfad93cbbc47e67a4d53f1d9d676e40d485cb"
    "388870a92321ad59bfa09d1b08ae7f280c41a4035fd846f8cba6a2800b9403dc"
    "c9fdf6b6fd7f5c4356abed6e9e5e424c5c20f13c";

// Keccak-f[1600] applied once and twice to the all-zero state (lane x + 5y).
const uint64_t kZeroOnce[25] = {
    0xF1258F7940E1DDE7, 0x84D5CCF933C0478A, 0xD598261EA65AA9EE,
    0xBD1547306F80494D, 0x8B284E056253D057, 0xFF97A42D7F8E6FD4,
    0x90FEE5A0A44647C4, 0x8C5BDA0CD6192E76, 0xAD30A6F71B19059C,
    0x30935AB7D08FFC64, 0xEB5AA93F2317D635, 0xA9A6E6260D712103,
    0x81A57C16DBCF555F, 0x43B831CD0347C826, 0x01F22F1A11A5569F,
    0x05E5635A21D9AE61, 0x64BEFEF28CC970F2, 0x613670957BC46611,
    0xB87C5A554FD00ECB, 0x8C3EE88A1CCF32C8, 0x940C7922AE3A2614,
    0x1841F924A2C509E4, 0x16F53526E70465C2, 0x75F644E97F30A13B,
    0xEAF1FF7B5CECA249,
};
const uint64_t kZeroTwice[25] = {
    0x2D5C954DF96ECB3C, 0x6A332CD07057B56D, 0x093D8D1270D76B6C,
    0x8A20D9B25569D094, 0x4F9C4F99E5E7F156, 0xF957B9A2DA65FB38,
    0x85773DAE1275AF0D, 0xFAF4F247C3D810F7, 0x1F1B9EE6F79A8759,
    0xE4FECC0FEE98B425, 0x68CE61B6B9CE68A1, 0xDEEA66C4BA8F974F,
    0x33C43D836EAFB1F5, 0xE00654042719DBD9, 0x7CF8A9F009831265,
    0xFD5449A6BF174743, 0x97DDAD33D8994B40, 0x48EAD5FC5D0BE774,
    0xE3B8C8EE55B7B03C, 0x91A0226E649E42E9, 0x900E3129E7BADD7B,
    0x202A9EC5FAA3CCE8, 0x5B3402464E1C3DB6, 0x609F4E62A44C1059,
    0x20D06CD26A8FBF5C,
};

Bytes sha3_256_of(const Bytes &m) {
  Bytes out(32);
  sha3_256(ref_kernels(), out.data(), m.data(), m.size());
  return out;
}
Bytes sha3_512_of(const Bytes &m) {
  Bytes out(64);
  sha3_512(ref_kernels(), out.data(), m.data(), m.size());
  return out;
}
Bytes shake128_of(const Bytes &m, size_t outlen) {
  Bytes out(outlen);
  Sponge h(ref_kernels(), kShake128Rate, 0x1F);
  h.absorb(m.data(), m.size());
  h.finalize();
  h.squeeze(out.data(), outlen);
  return out;
}
Bytes shake256_of(const Bytes &m, size_t outlen) {
  Bytes out(outlen);
  Sponge h(ref_kernels(), kShake256Rate, 0x1F);
  h.absorb(m.data(), m.size());
  h.finalize();
  h.squeeze(out.data(), outlen);
  return out;
}

// The four functions as sponge parameters, for the incremental tests.
struct Variant {
  const char *name;
  size_t rate;
  uint8_t dsbyte;
  size_t outlen;
};
const Variant kVariants[] = {
    {"SHA3-256", kSha3_256Rate, 0x06, 32},
    {"SHA3-512", kSha3_512Rate, 0x06, 64},
    {"SHAKE128", kShake128Rate, 0x1F, 32},
    {"SHAKE256", kShake256Rate, 0x1F, 32},
};

Bytes one_shot(const Variant &v, const Bytes &m) {
  Sponge h(ref_kernels(), v.rate, v.dsbyte);
  h.absorb(m.data(), m.size());
  h.finalize();
  Bytes out(v.outlen);
  h.squeeze(out.data(), out.size());
  return out;
}

}  // namespace

TEST_CASE("Keccak-f[1600] of the zero state", "[fips202][keccak]") {
  const Kernels &kt = ref_kernels();
  uint64_t s[25] = {};
  kt.keccak_f1600_x1(s);
  for (size_t i = 0; i < 25; i++) CHECK(s[i] == kZeroOnce[i]);
  CHECK(s[0] == 0xF1258F7940E1DDE7u);
  kt.keccak_f1600_x1(s);
  for (size_t i = 0; i < 25; i++) CHECK(s[i] == kZeroTwice[i]);

  // The same through the four-way entry: all four states agree.
  uint64_t s4[100] = {};
  kt.keccak_f1600_x4(s4);
  for (size_t i = 0; i < 25; i++)
    for (size_t j = 0; j < 4; j++) CHECK(s4[4 * i + j] == kZeroOnce[i]);
}

TEST_CASE("keccak_f1600_x4 equals four keccak_f1600_x1", "[fips202][keccak]") {
  const Kernels &kt = ref_kernels();
  std::mt19937_64 rng(20240813);
  for (int trial = 0; trial < 20; trial++) {
    uint64_t one[4][25], four[100];
    for (size_t j = 0; j < 4; j++)
      for (size_t i = 0; i < 25; i++) four[4 * i + j] = one[j][i] = rng();
    for (size_t j = 0; j < 4; j++) kt.keccak_f1600_x1(one[j]);
    kt.keccak_f1600_x4(four);
    for (size_t j = 0; j < 4; j++)
      for (size_t i = 0; i < 25; i++) REQUIRE(four[4 * i + j] == one[j][i]);
  }
}

TEST_CASE("FIPS 202 of the empty input", "[fips202]") {
  const Bytes empty;
  CHECK(hex(sha3_256_of(empty)) ==
        "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
  CHECK(hex(sha3_512_of(empty)) ==
        "a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1475c80a6"
        "15b2123af1f5f94c11e3e9402c3ac558f500199d95b6d3e301758586281dcd26");
  CHECK(hex(shake128_of(empty, 32)) ==
        "7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26");
  CHECK(hex(shake256_of(empty, 64)) ==
        "46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f"
        "d75dc4ddd8c0f200cb05019d67b592f6fc821c49479ab48640292eacb3b7c4be");
  // A null pointer with length 0 is an empty input too.
  uint8_t out[32];
  sha3_256(ref_kernels(), out, nullptr, 0);
  CHECK(hex(out, 32) == "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
}

TEST_CASE("FIPS 202 known answers around the rate boundaries", "[fips202]") {
  for (const HashKat &k : kHashKats) {
    INFO("input length " << k.len);
    const Bytes m = pattern(k.len);
    CHECK(hex(sha3_256_of(m)) == k.sha3_256);
    CHECK(hex(sha3_512_of(m)) == k.sha3_512);
    CHECK(hex(shake128_of(m, 32)) == k.shake128);
    CHECK(hex(shake256_of(m, 32)) == k.shake256);
  }
}

TEST_CASE("SHAKE long outputs", "[fips202]") {
  CHECK(hex(shake128_of(pattern(34), 1000)) == kShake128Long);
  CHECK(hex(shake256_of(pattern(33), 500)) == kShake256Long);
  // A shorter request is a prefix of the longer one.
  CHECK(hex(shake128_of(pattern(34), 169)) == std::string(kShake128Long, 2 * 169));
  CHECK(hex(shake256_of(pattern(33), 137)) == std::string(kShake256Long, 2 * 137));
}

TEST_CASE("incremental absorb in odd chunks equals one-shot", "[fips202]") {
  const size_t chunk_cycles[][6] = {
      {1, 1, 1, 1, 1, 1},        {3, 0, 7, 13, 1, 64},  {71, 1, 73, 0, 2, 5},
      {135, 2, 137, 1, 136, 9},  {167, 1, 169, 168, 3, 0}, {300, 5, 333, 7, 1, 2},
  };
  for (const Variant &v : kVariants) {
    for (size_t total : {size_t{0}, size_t{1}, size_t{72}, size_t{137}, size_t{169},
                         size_t{1000}}) {
      const Bytes m = pattern(total);
      const Bytes want = one_shot(v, m);
      for (const auto &cycle : chunk_cycles) {
        INFO(v.name << ", length " << total << ", chunks from " << cycle[0]);
        Sponge h(ref_kernels(), v.rate, v.dsbyte);
        size_t off = 0;
        for (size_t c = 0; off < total; c++) {
          const size_t n = std::min(cycle[c % 6], total - off);
          h.absorb(m.data() + off, n);
          off += n;
        }
        h.finalize();
        Bytes got(v.outlen);
        h.squeeze(got.data(), got.size());
        CHECK(hex(got) == hex(want));
      }
    }
  }
  // And against the independent known answer directly.
  const Bytes m = pattern(1000);
  Sponge h(ref_kernels(), kShake128Rate, 0x1F);
  for (size_t off = 0, n = 1; off < m.size(); off += n, n = n * 3 % 251 + 1)
    h.absorb(m.data() + off, std::min(n, m.size() - off));
  h.finalize();
  Bytes got(32);
  h.squeeze(got.data(), got.size());
  CHECK(hex(got) == kHashKats[sizeof kHashKats / sizeof kHashKats[0] - 1].shake128);
}

TEST_CASE("squeeze in odd chunks continues byte-exactly", "[fips202]") {
  const size_t cycles[][5] = {
      {1, 1, 1, 1, 1}, {7, 0, 161, 168, 5}, {167, 2, 169, 1, 13}, {135, 137, 1, 8, 0},
      {333, 1, 2, 3, 500},
  };
  for (const auto &cycle : cycles) {
    INFO("chunks from " << cycle[0]);
    {
      Sponge h(ref_kernels(), kShake128Rate, 0x1F);
      const Bytes m = pattern(34);
      h.absorb(m.data(), m.size());
      h.finalize();
      Bytes got(1000);
      for (size_t off = 0, c = 0; off < got.size(); c++) {
        const size_t n = std::min(cycle[c % 5], got.size() - off);
        h.squeeze(got.data() + off, n);
        off += n;
      }
      CHECK(hex(got) == kShake128Long);
    }
    {
      Shake256 h(ref_kernels());
      const Bytes m = pattern(33);
      h.absorb(m.data(), m.size());
      h.finalize();
      Bytes got(500);
      for (size_t off = 0, c = 0; off < got.size(); c++) {
        const size_t n = std::min(cycle[c % 5], got.size() - off);
        h.squeeze(got.data() + off, n);
        off += n;
      }
      CHECK(hex(got) == kShake256Long);
    }
  }
}

TEST_CASE("sha3_512_2 and shake256_2 hash the concatenation", "[fips202]") {
  for (size_t total : {size_t{0}, size_t{33}, size_t{64}, size_t{72}, size_t{200},
                       size_t{1000}}) {
    const Bytes m = pattern(total);
    const Bytes want512 = sha3_512_of(m);
    const Bytes want256 = shake256_of(m, 200);
    for (size_t split : {size_t{0}, size_t{1}, total / 3, size_t{32}, size_t{71},
                         size_t{136}, total}) {
      if (split > total) continue;
      INFO("length " << total << ", split at " << split);
      Bytes got512(64), got256(200);
      sha3_512_2(ref_kernels(), got512.data(), m.data(), split, m.data() + split,
                 total - split);
      shake256_2(ref_kernels(), got256.data(), got256.size(), m.data(), split,
                 m.data() + split, total - split);
      CHECK(hex(got512) == hex(want512));
      CHECK(hex(got256) == hex(want256));
    }
  }
  // Against the known answer for pattern(1000).
  const Bytes m = pattern(1000);
  Bytes got(64);
  sha3_512_2(ref_kernels(), got.data(), m.data(), 500, m.data() + 500, 500);
  CHECK(hex(got) == kHashKats[sizeof kHashKats / sizeof kHashKats[0] - 1].sha3_512);
}

namespace {

// A SHAKE stream of run_lanes that keeps `blocks` squeezed blocks.
struct Collect {
  Bytes out;
  size_t rate, blocks;
  static bool sink(void *ctx, const uint8_t *block) {
    Collect &c = *static_cast<Collect *>(ctx);
    c.out.insert(c.out.end(), block, block + c.rate);
    return c.out.size() == c.blocks * c.rate;
  }
};

}  // namespace

// Multi-block squeezes through the lane scheduler, with more streams than
// lanes, on the four-lane path (min_lanes 1) and the ref setting.
TEST_CASE("run_lanes squeezes SHAKE streams as the one-lane sponge does", "[fips202]") {
  Kernels x4_always = ref_kernels();
  x4_always.keccak_x4_min_lanes = 1;
  for (const Kernels *kt : {&ref_kernels(), static_cast<const Kernels *>(&x4_always)}) {
    for (size_t rate : {kShake128Rate, kShake256Rate}) {
      const size_t lens[] = {0, 33, 34, 200, rate, 2 * rate + 7};
      Bytes in[6];
      Collect col[6];
      LaneStream streams[6];
      for (unsigned j = 0; j < 6; j++) {
        in[j] = pattern(lens[j], j + 1);
        col[j] = {{}, rate, 1 + j % 4};  // 1..4 blocks: lanes end at different times
        streams[j] = {.a = in[j].data(), .b = nullptr, .alen = static_cast<uint32_t>(in[j].size()),
                      .blen = 0, .rate = static_cast<uint16_t>(rate), .dsbyte = 0x1F,
                      .sink = Collect::sink, .ctx = &col[j]};
      }
      mlkem_test::run_stream_array(*kt, streams, 6);
      for (unsigned j = 0; j < 6; j++) {
        INFO("rate " << rate << ", stream " << j);
        Sponge one(ref_kernels(), rate, 0x1F);
        one.absorb(in[j].data(), in[j].size());
        one.finalize();
        Bytes want(col[j].blocks * rate);
        one.squeeze(want.data(), want.size());
        CHECK(hex(col[j].out) == hex(want));
      }
    }
  }
  // Against the known answer: SHAKE128(pattern(34)), three blocks, in each
  // of four lanes.
  const Bytes m = pattern(34);
  Collect col[4];
  LaneStream streams[4];
  for (unsigned j = 0; j < 4; j++) {
    col[j] = {{}, kShake128Rate, 3};
    streams[j] = {.a = m.data(), .b = nullptr, .alen = static_cast<uint32_t>(m.size()), .blen = 0,
                  .rate = kShake128Rate, .dsbyte = 0x1F, .sink = Collect::sink, .ctx = &col[j]};
  }
  mlkem_test::run_stream_array(ref_kernels(), streams, 4);
  for (unsigned j = 0; j < 4; j++)
    CHECK(hex(col[j].out) == std::string(kShake128Long, 2 * 3 * kShake128Rate));
}
