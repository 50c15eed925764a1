// The one glossary of the words residents read (docs/glossary.md explains each). The mini program takes its names
// from here; the API's resident texts (status names, the notice board, notifications, error messages) are held to
// it by the backend's tests, which read the block between the glossary markers as JSON — so that block stays plain
// JSON: double quotes, no comments, no trailing commas.

/* glossary:begin */
const GLOSSARY = {
  "terms": {
    "问题": "居民提出、希望大家一起商量解决的事。",
    "查询号": "提交问题后拿到的号码，凭它随时查看办到哪一步。",
    "审核": "工作人员看一看提交的问题适不适合在议事室商量。",
    "公开听取意见": "问题通过审核后公开一段时间，请大家发表意见、表示支持。",
    "意见": "大家对一个问题说的话：支持、有疑问或建议。",
    "支持": "点一下“支持”，表示您也希望解决这个问题。",
    "协商会议": "把居民、工作人员和有关单位请到一起，商量怎么办的会。",
    "主持人": "组织协商会议的人。",
    "协商结果": "协商会议商定的办法，公开让大家监督。",
    "调查了解": "开会之前，工作人员先去现场看一看、问一问。",
    "办理结果": "事情办完后公布的结果，大家可以评价。",
    "评价": "问题办完后，说一说解决了没有、满不满意。",
    "报送上级": "议事室管不了的事，转给人大、政协等上级反映。"
  },
  "explained": {
    "纪要": "会议纪要：会上说了什么、商定了什么的记录。",
    "落实": "落实：把商定的办法一件件办成。",
    "复核": "复核：到了日子再看一次办得怎么样。"
  },
  "forbidden": {
    "议题": "问题",
    "公示": "公开听取意见",
    "受理号": "查询号",
    "回执号": "查询号",
    "受理": "审核通过",
    "审题": "审核",
    "阶段": "（不说阶段，只说现在办到哪一步）",
    "召集人": "主持人",
    "质疑": "有疑问",
    "意见建议": "意见",
    "评论": "意见",
    "待审核": "审核中",
    "已完成": "已办完",
    "办结": "办完",
    "决议": "协商结果",
    "调研": "调查了解",
    "转办": "转交办理"
  },
  "forbiddenPatterns": [
    "第\\s*\\d+\\s*轮",
    "第\\s*[一二三四五六七八九十\\d]+\\s*阶段"
  ],
  "statuses": {
    "submitted": "审核中",
    "rejected": "未通过审核",
    "referred": "已转交办理",
    "merged": "已合并办理",
    "announced": "听取意见中",
    "researching": "调查了解中",
    "reopened": "重新协商",
    "escalated": "已报送上级",
    "meeting_scheduled": "待协商",
    "deliberated": "已协商",
    "resolution_published": "已商定",
    "implementing": "正在办理",
    "completed": "待评价",
    "closed": "已办完"
  },
  "stances": {
    "support": "支持",
    "doubt": "有疑问",
    "suggestion": "建议"
  },
  "brandWords": []
};
/* glossary:end */

// Anything the API sends that has no name here is shown as this, never as its code.
const UNKNOWN_STATUS = '查看详情';

/** A status in words: the API's own name when it sent one, else the glossary's; never the code. */
function statusName(status, given) {
  if (given && /[\u4e00-\u9fff]/.test(given)) return given;
  return GLOSSARY.statuses[status] || UNKNOWN_STATUS;
}

/** The explanations of the process words (纪要, 落实, 复核) that occur in `text`, in glossary order. */
function explanationsFor(text) {
  return Object.keys(GLOSSARY.explained).filter((word) => String(text || '').includes(word)).map((word) => GLOSSARY.explained[word]);
}

/** The staff words in `text` a resident should not meet: [{word, instead}]. */
function staffWordsIn(text) {
  const found = Object.keys(GLOSSARY.forbidden)
    .filter((word) => String(text || '').includes(word))
    .map((word) => ({ word, instead: GLOSSARY.forbidden[word] }));
  GLOSSARY.forbiddenPatterns.forEach((pattern) => {
    const match = String(text || '').match(new RegExp(pattern));
    if (match) found.push({ word: match[0], instead: '（换成大白话）' });
  });
  return found;
}

module.exports = {
  GLOSSARY,
  TERMS: GLOSSARY.terms,
  EXPLAINED: GLOSSARY.explained,
  STATUSES: GLOSSARY.statuses,
  STANCES: GLOSSARY.stances,
  statusName,
  explanationsFor,
  staffWordsIn,
};
