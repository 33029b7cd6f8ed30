"""The forms of boilerplate: what a block that is a call to action, a contact line, a
credit, a disclaimer, a reprint notice or a section cue says, and how long it may be
(ingest/boilerplate.py judges where such blocks sit and what the archive repeats).

Texts here are folded, without spaces or Markdown marks (`boilerplate.compact`)."""

import re

# A link to another post of the account, as an address in the text (峰会回顾：https://mp.weixin…).
_POST_ADDRESS = re.compile(r"https?://mp\.weixin\.qq\.com/\S*")

# A heading that opens the closing section of a post (folded, without spaces or marks).
SECTION_CUE = re.compile(
    r"^[\W\d_]*(?:推荐阅读|往期(?:推荐|回顾|精选|文章|热文|内容|阅读)|往期精彩(?:推荐|回顾)?|精彩推荐|精选文章|相关阅读|延伸阅读|"
    r"更多精彩(?:内容)?|"
    r"热文推荐|热门文章|近期文章|历史文章|近期推荐|今日推荐|推荐文章|猜你喜欢|"
    r"免责(?:声明|申明|说明)|声明|版权声明|法律声明|"
    r"扫码关注|扫码加群|扫码(?:添加|领取|报名|咨询)|关注我们|联系我们|关于我们|"
    r"文章来源|原文来源|来源|参考来源|转载自|"
    r"(?:我的|我们的|本)公众号|(?:其[它他]|更多)(?:课程|教程)|"
    r"end|theend|完|福利|新?粉丝福利(?:领取)?|文末福利|交流群|技术交流群?|加入我们|知识星球|星球|"
    r"(?:直播|课程|活动)(?:预告|推荐|课表|报名|详情)|打个?广(?:告|子)|广告时间|硬广|"
    r"\w{0,10}(?:课程|培训|训练营)(?:宣传|推广|招生)|\w{0,10}(?:抽奖|赠书|送书)|(?:推荐书籍|书籍推荐|好书推荐)|"
    r"\w{0,10}(?:社群|社区|圈子|星球|交流群|粉丝群)(?:介绍|招募|招新|加入)?啦?)[\W_]*$"
)
# A whole block that is a call to follow, like, share, scan or join.
_CALL_TO_ACTION = re.compile(
    r"^[\W\d_]{0,4}(?:"
    r"点击.{0,8}(?:关注|蓝字|名片|阅读原文|在看|星标|卡片|订阅|收藏|购书|购买|抽奖|报名).{0,20}|.{0,8}蓝字.{0,16}|"
    r"[¥$\d.]{0,8}(?:立即|马上)(?:学习|报名|购买|抢购|订阅)|.{0,12}欢迎关注|"
    r".{0,12}(?:扫码|扫描|长按|识别).{0,8}(?:二维码|关注|识别|加入|添加|进群|获取|领取|咨询|报名|预约).{0,24}|"
    r".{0,10}(?:关注|星标|置顶).{0,6}(?:公众号|我们|本号|不迷路|不错过).{0,24}|"
    r".{0,6}关注[【「“\"].{1,16}[】」”\"].{0,40}|"
    r".{0,16}(?:设为|设置|加个?|标为)星标.{0,16}|"
    r".{0,30}(?:点击|戳)(?:以下|下方|下面)链接.{0,10}|.{0,30}以下链接直达.{0,6}|"
    r".{0,10}(?:点赞|在看|转发|分享|三连).{0,10}(?:点赞|在看|转发|分享|三连|支持|鼓励).{0,16}|"
    r".{0,6}(?:欢迎|如需|如有需要).{0,4}(?:联系|联络|咨询|合作).{0,10}|"
    r"(?:请|欢迎|可以?|更多.{0,10})?(?:添加|加)(?:作者|小编|我|客服|助手|运营)?的?(?:个人)?(?:微信|vx|v信|wx|qq)(?:号|群)?.{0,50}|"
    r"点个.{0,6}在看.{0,10}|在看|点赞|分享|收藏|转发|阅读原文.{0,12}|好看你就分享.{0,16}|"
    r".{0,16}(?:后台回复|回复关键字|回复关键词|发送关键字|私信|公众号回复).{0,30}|"
    r".{0,24}(?:公众号|关注|后台|对话框|私信|留言|对我|给我).{0,16}(?:回复|发消息|发送).{1,16}(?:即可|获取|领取|获得|下载).{0,24}|"
    r".{0,24}(?:已经?)?(?:上传|同步|发布|更新|放)(?:至|到|在)?.{0,8}(?:知识星球|星球|圈子|社群|小密圈|纷传).{0,16}|"
    r"发送.{0,12}(?:获取|领取).{0,20}|.{0,20}(?:免费领取|限时领取|扫码领取|点击领取|立即领取|报名).{0,20}"
    r")[\W_]*$"
)
# A plea inside a closing sentence (如果喜欢我们的文章，请点一个在看和赞鼓励一下我们): asked of
# the reader, for the account; 关注 is left out, since advisories ask users to 给予关注.
_PLEA = re.compile(
    r"(?:请|求|麻烦|记得|欢迎|帮忙|顺手|动动).{0,6}(?:点|给|来).{0,6}(?:在看|赞|转发|分享|星标|三连)"
    r"|(?:鼓励|支持)一下(?:我们|作者|小编|本号)"
)
# A reading-time widget (本文8846字，阅读约需25分钟; 读完需要6分钟，速读仅需2分钟).
_READING_TIME = re.compile(r"^.{0,16}(?:阅读|读完|速读).{0,8}\d+(?:\.\d+)?分钟(?:.{0,8}\d+(?:\.\d+)?分钟)?.{0,6}$")
# The words a form opens with, for a form drawn over two blocks (读完需要 / 6分钟…).
OPENS_A_FORM = re.compile(r"^[\W\d_]{0,4}(?:阅读|读完|速读|点击|扫码|扫描|长按|关注|星标)")
# The plea WeChat's feed made every account write: only the accounts a reader opens often
# or stars show a large picture, so star this one (朋友们现在只对常读和星标的公众号才展示大图推送…).
_STAR_PLEA = re.compile(r"(?:常读|星标)的?公众号才(?:能|会)?(?:展示|显示|推送|看到)")
_STAR_PLEA_LENGTH = 160
_SENTENCE_END = re.compile(r"[。!！?？]")
# What a closing prompt sends the reader to: the QR code or mini-program below, the paid
# group the notes are uploaded to, a share or like for a prize.
_CLOSING_CALL = re.compile(
    r"(?:扫码|扫描|长按|识别).{0,8}(?:二维码|小程序)|(?:上传|同步)(?:至|到)?.{0,8}(?:知识星球|星球|圈子|社群|小密圈)"
    r"|(?:点赞|在看|转发|分享).{0,10}(?:点赞|在看|转发|分享|中奖)"
)
# A line that is a way to reach the account: vx:, QQ群, 公众号:, github/gitee/bilibili.
_CONTACT = re.compile(
    r"^[\W_]{0,4}(?:vx|v信|wx|微信号?|邮件|(?:微信)?公众号(?:搜索)?|搜索公众号|qq群?|q群|tg|telegram|邮箱|e-?mail|电话|联系方式|商务合作|"
    r"投稿|github|gitee|bilibili|b站|b站账号|csdn|知乎|博客|官网|网站|抖音|视频号|小红书|微博)[\s:：]"
)
# A handle to reach someone, inside a short line (请联系小莎莎QQ：3459476393).
_HANDLE = re.compile(r"(?:qq|vx|v信|wx|微信)(?:号|群)?[:：]?[A-Za-z0-9_-]{5,}$")
# A credit for the whole post (来源：某某公众号): at an edge of it, like a template; inside
# it, the source of one item of a digest stays. (Translators' and editors' credits stay
# wherever they are: they name people. The original's address stays: it is a reference.)
CREDIT = re.compile(
    r"^[\W_]{0,4}(?:(?:本文|文章|原文|内容|信息)?(?:来源|出处|转载自|转自)[:：]|(?:本文|文章|原文)(?:来源|出处)[于自]?)"
    r"(?!https?:|www\.)[^:：]{1,30}$"
)
# A disclaimer, wherever it sits: it opens with its name, or it says what such texts say.
_DISCLAIMER_OPENING = re.compile(r"^[\W\d_]{0,4}(?:免责(?:声明|申明|说明)|郑重声明|特别声明|版权声明|声明)[:：]")
# What the text is for (only study), or the formula of consequences borne by the reader
# of *this* text (a news sentence on who pays for an attack names no text of its own).
_DISCLAIMER_PURPOSE = (
    re.compile(r"仅(?:供|限|用于|作).{0,12}(?:学习|研究|参考|交流|教育|测试)"),
    re.compile(r"(?:此文|本文|文章|本公众号|本号|以下内容|该文).{0,40}(?:造成|产生|导致).{0,12}(?:后果|损失)"),
)
_DISCLAIMER_LIABILITY = re.compile(r"违法|非法|无关|法律责任|后果自负|概不负责|不承担|自行承担|本人负责|侵权|请勿|切勿")
_DISCLAIMER_LENGTH = 400
_DISCLAIMER_SHARE = 0.4
# A reprint notice: how to copy the post, or that it was copied.
_REPRINT = re.compile(
    r"转载请注明|转载须注明|转载请联系|未经.{0,6}(?:授权|许可).{0,6}(?:转载|使用)"
    r"|不代表.{0,12}(?:观点|立场)|如有侵权|侵删"
)
# The forms a short block is, each with the longest block it is judged on: longer, a block
# that says such words is a sentence of the story.
_SHORT_FORMS = (
    (_CALL_TO_ACTION, 60),
    (_CONTACT, 80),
    (_HANDLE, 40),
    (_PLEA, 80),
    (_READING_TIME, 40),
    (_REPRINT, 120),
)
# Forms joined into one sentence: its clauses, those of this many characters or more
# judged, in a block no longer than a few prompts.
_CLAUSE_BREAK = re.compile(r"[,，。.!！?？;；]+")
_CLAUSE = 4
_JOINED_FORMS_LENGTH = 120
# A menu of reply keywords (后台回复 0001 领取…，0002 领取…): a reply prompt, then only
# keywords each followed by what it gets.
_MENU_ITEM = re.compile(r"^[\W_]*[A-Za-z0-9]{1,16}[\W_]*(?:领取|获取|下载|查看|获得)")
_MENU_BREAK = re.compile(r"[,，。!！?？;；]+")  # not at a dot: a version (4.9.1) is in an item
_MENU_LENGTH = 400
_MENU_ITEMS = 2
# Rules, numbers and END marks between or after the parts of a post.
DECORATION = re.compile(r"^(?:[\W\d_]{0,6}|[\W_]*(?:end|the ?end|完)[\W_]*)$")
# A block the account repeats in its posts that advertises (its paid community, a course,
# a giveaway) is an advert wherever it sits; other repeated blocks, inside a post, are
# its text (the same fix advice under every advisory).
PROMOTION = re.compile(
    r"知识星球|星球|交流群|社群|粉丝群|优惠|折扣|课程|训练营|报名|福利|二维码|扫码|加群|赞助|购买|售价"
)
LINK_SHARE = 0.6  # a block this much made of links (or one post's address) is a list of posts


def is_form(text: str) -> bool:
    """The whole block is a call to action, a contact line, a plea, a reprint notice, an
    address of another post or a disclaimer (a sentence that only mentions such words is
    longer than the form it would be)."""
    if _is_short_form(text) or _is_forms_joined(text):
        return True
    address = _POST_ADDRESS.search(text)
    if address and len(address.group(0)) >= LINK_SHARE * len(text):
        return True
    if len(text) <= _DISCLAIMER_LENGTH:
        return bool(_DISCLAIMER_OPENING.match(text)) or _is_disclaimer(text)
    return False


def _is_short_form(text: str) -> bool:
    # the anchored forms (^…) match from the start: search is match for them
    return any(len(text) <= longest and form.search(text) for form, longest in _SHORT_FORMS)


def _is_forms_joined(text: str) -> bool:
    """Two or more forms written as one sentence (报告已上传至知识星球，长按下方二维码加入):
    each of its clauses is one (a clause of a word or two, 即可, goes with them)."""
    if len(text) > _JOINED_FORMS_LENGTH:
        return False
    clauses = [clause for clause in _CLAUSE_BREAK.split(text) if len(clause) >= _CLAUSE]
    return len(clauses) >= 2 and all(_is_short_form(clause) for clause in clauses)


def _is_disclaimer(text: str) -> bool:
    """It says what disclaimers say, and that is most of it, counted from the clause that
    says what the text is for: a summary that ends with 仅供学习参考……否则后果自负 is the
    story's summary."""
    opening = min((m.start() for p in _DISCLAIMER_PURPOSE if (m := p.search(text))), default=None)
    if opening is None:
        return False
    clause = max(text.rfind(mark, 0, opening) for mark in "。！？!?；;，,") + 1
    return bool(_DISCLAIMER_LIABILITY.search(text, clause)) and len(text) - clause >= _DISCLAIMER_SHARE * len(text)


def _is_reply_menu(text: str) -> bool:
    """A reply prompt followed by a list of keywords and what each gets (0002领取…): the
    keywords are codes, so a story's sentences (攻击者获取权限) are no such item."""
    if len(text) > _MENU_LENGTH:
        return False
    clauses = [clause for clause in _MENU_BREAK.split(text) if len(clause) >= _CLAUSE]
    items = clauses[1:]
    return len(items) >= _MENU_ITEMS and _is_short_form(clauses[0]) and all(_MENU_ITEM.match(item) for item in items)


def is_prompt(text: str) -> bool:
    """Forms of rules v7: the plea to star the account, a menu of reply keywords."""
    return (len(text) <= _STAR_PLEA_LENGTH and bool(_STAR_PLEA.search(text))) or _is_reply_menu(text)


def ends_in_call(text: str) -> bool:
    """A short block whose last clause sends the reader to what follows it (…已有完整版方案，
    扫描下方二维码获取): at the end of a post, the account's own prompt. Only such calls: a
    last sentence that asks to follow or to write (欢迎关注, 请私信我) may be the story's."""
    if len(text) > _JOINED_FORMS_LENGTH or _SENTENCE_END.search(text.rstrip("。.!！?？~～")):
        return False  # one sentence only: a story's last sentence before a call to like stays
    clauses = [clause for clause in _CLAUSE_BREAK.split(text) if len(clause) >= _CLAUSE]
    return len(clauses) >= 2 and bool(_CLOSING_CALL.search(clauses[-1]))
