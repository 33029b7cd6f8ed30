"""The evidence extraction weighs: titles, name suffixes, given names, surnames.

All strings are folded (simplified, lower case), as the text they are compared with.
"""

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A job title right before a name says "person": 研究员Jason Wei, 前CTO Mira Murati.
# Only titles that go with people: 开发者, 作者, 团队 and the like also precede products.
PERSON_TITLES = _words(
    "ceo cto cfo coo cpo cso cmo cio ciso 总裁 副总裁 总监 主管 经理 总经理 负责人 创始人 联合创始人 "
    "联创 创办人 研究员 研究科学家 科学家 工程师 教授 副教授 博士 董事长 "
    "同事 顾问 合伙人 分析师 记者 主编 执行官 技术官 产品官 研究官 商务官 运营官 "
    "财务官 科学官 安全官 营运长 财务长 技术长 执行长 院长 校长 主任 部长 小哥 女士 先生 总统 议员 "
    "漏洞猎人 赏金猎人 白帽 白帽子"
)

# After a name: 唐杰教授, Jason Wei博士.
PERSON_AFTER = ("教授", "博士", "先生", "女士", "院士")

# Words that end organization names: Inflection AI, Thinking Machines Lab.
ORG_SUFFIXES = _words(
    "labs lab inc inc. corp corp. corporation ltd llc technologies technology research institute "
    "university college foundation capital ventures partners group systems robotics semiconductor "
    "motors networks holdings academy school bank fund ai"
)
ORG_AFTER = ("公司", "实验室", "大学", "学院", "集团", "研究院", "研究所", "基金会", "资本", "科技")

# Capitalised words that open titles, products and phrases, never a person's name.
NOT_NAME_WORDS = _words(
    "the a an of and or for in on at to by with from is are all you your my our we this that these those "
    "new next open deep big smart super ultra pro mini plus air lite turbo flash nano meet "
    "scaling law model models agent agents chat bot search cloud studio code data team teams "
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday china chinese america american "
    "san los las new york silicon valley north south east west world global international national "
    "technical staff member office security cyber windows linux android ios vision health "
    "her his its their which what when where why how who yes no not but if then"
)

# Names that stand for nobody: examples in certificates, forms and tutorials.
PLACEHOLDER_NAMES = frozenset(["john doe", "jane doe", "john smith", "jane smith", "joe bloggs", "max mustermann"])

# Common given names in English-language bylines and news (a cue, never a requirement).
GIVEN_NAMES = _words(
    """aaron adam adrian alan albert alec alex alexander alexandr alexis alice alison allen amanda amy andrea
    andrew andrej andy angela ann anna anne anthony aparna arthur ashley barbara barret ben benjamin bernard
    beth bill bob brad bradley brandon brendan brett brian bruce bryan carl carlos carol caroline casey
    catherine charles charlie chris christian christina christine christopher claire colin connor craig
    daniel danny dario dave david dennis diana diane donald douglas dylan edward elena eli elizabeth ellen
    elon emily emma eric erik ethan evan frank fred gary george gerald giancarlo grace greg gregory hannah
    harry helen henry ian ilya isaac jack jacob jake jakub james jan jane janet jared jason jeff jeffrey
    jennifer jenny jeremy jerry jessica jim joe joel john johnny jon jonathan jordan jose joseph josh
    joshua judy julia julian julie justin karen kate katherine kathy keith kelly ken kenneth kevin kim
    kyle larry laura lauren lee leo leon lilian linda lisa logan louis lucas luke madhavi marc marcus
    margaret maria mark martin mary matt matthew max megan melissa michael michelle mike mira mustafa
    nancy natalie nathan neil nicholas nick nicole noah noam olivia oliver omar oriol pamela patricia
    patrick paul peter philip prafulla rachel ralph randy raymond rebecca richard rick rob robert roger
    ron ronald rose ross russell ruth ryan sal sam samuel sandra sara sarah satya scott sean sebastian
    sergey shane sharon shira simon sophia stephanie stephen steve steven sundar susan ted terry thomas
    tim timothy todd tom tony tyler victor victoria vincent walter wayne william yann yoshua zach zachary"""
)

# Pinyin surnames: "Yu Zhang", "Huiwen Chang" are names when both words are pinyin.
PINYIN_SURNAMES = _words(
    """li wang zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin luo gao zheng liang xie
    song tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei su lu ding
    ren shen yao jin fu zhong tan jia qiu hou bai meng xiong qin yan xue lei long shi wan duan kong mao
    qian tao gu hao shao fan fang yin chang chu chan cheung chow chung kwok lam lau leung ng tsang wong
    yip yeung weng jing"""
)

_PINYIN_SYLLABLE = (
    r"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|an|ao|ei|en|er|ia|ie|in|iu|ou|ua|ue|ui|un|uo|a|e|i|o|u|v)"
)
PINYIN_WORD = re.compile(rf"(?:{_PINYIN_SYLLABLE}){{1,3}}")

# Chinese surnames, for names next to their English form: 陳信翰(Mark Chen).
CHINESE_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
    "钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易"
    "乔赖文施洪辛柯庄樊殷翟倪牛仇骆鲍关齐温俞纪舒岳祝童欧包梅安葛甘苗卓蒙邢霍章解凌"
)
CHINESE_COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "司徒")

# Characters that end the words before a name (的首席研究官|陈信翰): the name starts after them.
NAME_FENCE = frozenset("的之在与和及、是为被由对向从把将了着过员官长家者师人")

# How the names of companies, labs and desks end (安识科技, 威胁情报中心): not a byline.
ORG_ENDINGS = (
    "科技",
    "公司",
    "集团",
    "实验室",
    "中心",
    "团队",
    "战队",
    "安全",
    "研究院",
    "研究所",
    "学院",
    "大学",
    "网",
    "社",
    "报",
    "部",
    "组",
    "局",
    "所",
    "院",
    "处",
    "台",
    "站",
    "号",
    "会",
    "委",
    "办",
    "厅",
    "lab",
    "labs",
    "team",
)

# Bylines that are desks and accounts, not people.
NOT_BYLINES = (
    "编辑部",
    "小编",
    "团队",
    "公众号",
    "记者站",
    "本刊",
    "本报",
    "匿名",
    "佚名",
    "综合",
    "整理",
    "来源",
    "转载",
)

# Words the patterns take for a name but that name no one: protocols, products, roles.
NOT_ORGANIZATIONS = _words(
    "cve cvss poc exp rce xss sql api http https html url ip dns ceo cto ciso it ai iot apt ctf src "
    "github windows linux android chrome firefox safari"
)
NOT_PEOPLE = _words("poc exp github twitter root admin user null none")

# Words the taggers call names (jieba: 黑客/nr, 网络安全/nz; LAC: 米国/PER) that are not.
COMMON_WORDS = _words(
    "黑客 网络安全 信息安全 安全 补丁 安全补丁 安全更新 安全性 严重性 令人 谢谢 师傅 小编 白领 网友 用户 "
    "护网 红队 蓝队 攻击者 研究人员 专家 官方 政府 米国 美国 中国 俄罗斯 大象 小蜜蜂 抽奖 最新进展 曝光 "
    "连贯性 智慧 道德 明朗 双刃剑 安全检查 安全措施 公共秩序 荣誉 静默 拓宽 后继 空乘 隔山 通讯 测试方法"
)
# Organization words that alone, or with a short qualifier, name no one (初创公司, 该团队).
GENERIC_ORG_WORDS = ("公司", "团队", "政府", "组织", "机构", "集团", "厂商", "部门", "中心", "大学")
# Stems before 团队, 实验室, 集团 … that name no one: 安全团队, 事件响应团队, 大型企业集团.
GENERIC_STEMS = _words(
    "一 多 几 安全 网络安全 信息安全 科技 研究 开发 初创 技术 研发 产品 运营 专业 事件响应 应急响应 红 蓝 红队 蓝队 "
    "攻击 黑客 勒索 威胁情报 情报 漏洞 安全研究 国家级 国际 国内 全球 中国 美国 俄罗斯 联合 核心 专家 讲师 开发者 "
    "合作 顶尖 独立 内部 官方 政府 知名 领先 大型 小型 第三方 企业 相关 重点 国家 研究型 顶级 大学 公司 我们 他们"
)
# Words a name does not open with (`The Register` aside, they open phrases).
OPENING_WORDS = _words("the a an of and or for in on at to by with from this that")


def generic_ending(folded: str) -> str | None:
    """The organization word a name ends with (公司, 团队 …), or None."""
    return next((e for e in GENERIC_ORG_WORDS if folded.endswith(e)), None)


def is_generic_organization(folded: str) -> bool:
    """网络安全公司, 安全团队, 大学: what an organization is, not which one."""
    ending = generic_ending(folded)
    return ending is not None and (folded == ending or folded[: -len(ending)] in GENERIC_STEMS)


# A country before a name (美国微软, 俄罗斯卡巴斯基) says where, not who.
COUNTRY_PREFIX = re.compile(
    r"^(?:美国|米国|英国|俄罗斯|俄国|德国|法国|日本|韩国|以色列|中国|印度|澳大利亚|加拿大|荷兰|乌克兰|伊朗|朝鲜|新加坡)"
)
# A party's role before an organization's name (原告北京字节跳动…): not part of the name.
ROLE_PREFIX = re.compile(r"^(?:原告|被告|申请人|被申请人|甲方|乙方)(?=[\u4e00-\u9fff]{2})")
# Identifiers that look like names to the patterns (命名为CVE-2023-35036): never organizations.
IDENTIFIER = re.compile(r"(?:CVE|CNVD|CNNVD|CWE|GHSA|KB|MS|QVD|XVE)-[A-Za-z0-9-]+", re.I)
