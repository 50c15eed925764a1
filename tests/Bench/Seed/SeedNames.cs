namespace MaShangYi.Bench.Seed;

/// <summary>The vocabulary the province seed draws its Chinese names and texts from: plausible, not real.</summary>
public static class SeedNames
{
    /// <summary>Cities with administrative-code-like codes (Jiangsu's thirteen), taken in order; more are made up.</summary>
    public static readonly (string Code, string Name)[] Cities =
    [
        ("320100", "南京市"), ("320200", "无锡市"), ("320300", "徐州市"), ("320400", "常州市"), ("320500", "苏州市"),
        ("320600", "南通市"), ("320700", "连云港市"), ("320800", "淮安市"), ("320900", "盐城市"), ("321000", "扬州市"),
        ("321100", "镇江市"), ("321200", "泰州市"), ("321300", "宿迁市"),
    ];

    private const string PlaceChars = "东西南北中新安宁平和兴盛丰泰康乐福顺昌明清河湖山林泉桥港塘庄集湾洲滨阳江海云龙凤金玉青柳杨桃李梅花石丰仁义德信";

    private const string Surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";

    private const string GivenChars = "建国华明伟芳秀英敏静丽强磊军洋勇艳杰娟涛超霞平刚桂兰玉凤红志春海亮燕飞鹏辉玲波宁斌";

    public static string Place(Random rng) => $"{PlaceChars[rng.Next(PlaceChars.Length)]}{PlaceChars[rng.Next(PlaceChars.Length)]}";

    public static string Person(Random rng) => rng.Next(3) == 0
        ? $"{Surnames[rng.Next(Surnames.Length)]}{GivenChars[rng.Next(GivenChars.Length)]}"
        : $"{Surnames[rng.Next(Surnames.Length)]}{GivenChars[rng.Next(GivenChars.Length)]}{GivenChars[rng.Next(GivenChars.Length)]}";

    public static readonly string[] CountySuffixes = ["区", "区", "县", "市"];
    public static readonly string[] TownSuffixes = ["镇", "镇", "街道", "乡"];
    public static readonly string[] VillageSuffixes = ["村", "村", "社区"];

    /// <summary>Implementing units of a county: prefixed with the county's name.</summary>
    public static readonly string[] Units = ["住建局", "城管局", "交通运输局", "民政局", "生态环境局", "卫健委"];

    public static readonly string[] Places = ["小区东门", "3号楼", "村委会门口", "菜市场", "小学门口", "老街", "健身广场", "河道沿线", "公交站台", "卫生服务站"];

    /// <summary>Per category (by sort order of V2's categories): titles a resident would write.</summary>
    public static readonly string[][] Titles =
    [
        ["路灯不亮，晚上出行不便", "道路坑洼急需修补", "雨水管网堵塞积水", "增设非机动车充电桩"],
        ["垃圾清运不及时", "河道漂浮物需清理", "公厕卫生条件差", "小广告乱贴乱画"],
        ["物业服务不到位", "电梯经常故障", "小区停车位紧张", "公共维修资金使用不透明"],
        ["公交线路调整建议", "路口缺少红绿灯", "学校门口接送拥堵", "人行道被占用"],
        ["消防通道被堵塞", "监控探头覆盖不足", "电动车进楼充电隐患", "河边缺少防护栏"],
        ["建设老年助餐点", "增设社区托育服务", "老旧小区加装电梯", "居家养老服务需求"],
        ["建设社区阅览室", "增加文化活动场地", "学生课后托管", "广场舞噪音扰民"],
        ["社区卫生站药品不全", "家庭医生签约服务", "增加健康讲座", "卫生站就诊时间调整"],
        ["楼上漏水邻里纠纷", "宠物管理问题", "公共区域堆物", "楼道私拉电线"],
        ["特色农产品销售渠道", "村集体经济发展", "小微企业用工难", "农田灌溉设施老化"],
        ["其他民生诉求", "意见建议", "便民服务需求", "政策咨询"],
    ];

    public static readonly string[] CommentBodies =
    [
        "支持，这个问题确实存在很久了。", "希望尽快解决。", "建议先做个调查问卷。", "我家附近也有同样的情况。", "同意，大家都很关心。",
        "费用怎么分担需要说清楚。", "可以请物业一起来商量。", "建议分步实施。", "老人出行确实不方便。", "赞成这个提议！",
    ];

    public static readonly string[] ProgressNotes = ["已完成现场勘查", "已制定实施方案", "施工队已进场", "主体工程已完成", "已完成验收", "资金已落实"];

    public static readonly string[] MeetingPlaces = ["议事室", "村委会会议室", "社区党群服务中心", "小区活动室"];
}
