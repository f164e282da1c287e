PREPARE
Index participatie|2020|625|13066|||405|926|buurt|t|Participation index|
Index sociale veerkracht|2020|1444|13066|||1302|1610|buurt|t|Social resilience index|
Index participatie|2020|625|13066|||405|926|buurt|t|Participation index|
Index sociale veerkracht|2020|1444|13066|||1302|1610|buurt|t|Social resilience index|
Index participatie|2020|679|13066|||466|1003|buurt|t|Participation index|
Index sociale veerkracht|2020|1169|13066|||1032|1349|buurt|t|Social resilience index|
Index participatie|2020|679|13066|||466|1003|buurt|t|Participation index|
Index sociale veerkracht|2020|1169|13066|||1032|1349|buurt|t|Social resilience index|
Index participatie|2020|1298|13066|||1033|1526|buurt|t|Participation index|
Index sociale veerkracht|2020|1803|13066|||1654|1939|buurt|t|Social resilience index|
Index participatie|2020|1298|13066|||1033|1526|buurt|t|Participation index|
Index sociale veerkracht|2020|1803|13066|||1654|1939|buurt|t|Social resilience index|
Index participatie|2020|435|13066|||286|672|buurt|t|Participation index|
Index sociale veerkracht|2020|1189|13066|||1034|1322|buurt|t|Social resilience index|
Index participatie|2020|435|13066|||286|672|buurt|t|Participation index|
Index sociale veerkracht|2020|1189|13066|||1034|1322|buurt|t|Social resilience index|
Index participatie|2020|5834|13066|||5253|7441|buurt|t|Participation index|
Index sociale veerkracht|2020|6398|13066|||6030|7233|buurt|t|Social resilience index|
Index participatie|2020|5834|13066|||5253|7441|buurt|t|Participation index|
Index sociale veerkracht|2020|6398|13066|||6030|7233|buurt|t|Social resilience index|
Index participatie|2020|5030|13066|||4124|5969|buurt|t|Participation index|
Index sociale veerkracht|2020|6508|13066|||5942|7235|buurt|t|Social resilience index|
Index participatie|2020|5030|13066|||4124|5969|buurt|t|Participation index|
Index sociale veerkracht|2020|6508|13066|||5942|7235|buurt|t|Social resilience index|
Index participatie|2020|4666|13066|||3769|5962|buurt|t|Participation index|
Index sociale veerkracht|2020|3714|13066|||3613|4066|buurt|t|Social resilience index|
Index participatie|2020|4666|13066|||3769|5962|buurt|t|Participation index|
Index sociale veerkracht|2020|3714|13066|||3613|4066|buurt|t|Social resilience index|
Index participatie|2020|9192|13066|||7942|10043|buurt|t|Participation index|
Index sociale veerkracht|2020|9918|13066|||9472|11075|buurt|t|Social resilience index|
Index participatie|2020|9192|13066|||7942|10043|buurt|t|Participation index|
Index sociale veerkracht|2020|9918|13066|||9472|11075|buurt|t|Social resilience index|
Index participatie|2020|9322|13066|||8082|10944|buurt|t|Participation index|
Index sociale veerkracht|2020|9606|13066|||9027|11020|buurt|t|Social resilience index|
Index participatie|2020|9322|13066|||8082|10944|buurt|t|Participation index|
Index sociale veerkracht|2020|9606|13066|||9027|11020|buurt|t|Social resilience index|
Index participatie|2020|8877|13066|||6532|10517|buurt|t|Participation index|
Index sociale veerkracht|2020|9650|13066|||7762|11222|buurt|t|Social resilience index|
Index participatie|2020|8877|13066|||6532|10517|buurt|t|Participation index|
Index sociale veerkracht|2020|9650|13066|||7762|11222|buurt|t|Social resilience index|
Index participatie|2020|2972|13066|||1995|5175|buurt|t|Participation index|
Index sociale veerkracht|2020|2609|13066|||2164|2906|buurt|t|Social resilience index|
Index participatie|2020|2972|13066|||1995|5175|buurt|t|Participation index|
Index sociale veerkracht|2020|2609|13066|||2164|2906|buurt|t|Social resilience index|
Index participatie|2020|4269|13066|||3496|6065|buurt|t|Participation index|
Index sociale veerkracht|2020|4848|13066|||4037|5694|buurt|t|Social resilience index|
Index participatie|2020|4269|13066|||3496|6065|buurt|t|Participation index|
Index sociale veerkracht|2020|4848|13066|||4037|5694|buurt|t|Social resilience index|
Index participatie|2020|2742|13066|||2187|4394|buurt|t|Participation index|
Index sociale veerkracht|2020|3456|13066|||3180|4013|buurt|t|Social resilience index|
Index participatie|2020|2742|13066|||2187|4394|buurt|t|Participation index|
Index sociale veerkracht|2020|3456|13066|||3180|4013|buurt|t|Social resilience index|
Index participatie|2020|2488|13066|||1751|3387|buurt|t|Participation index|
Index sociale veerkracht|2020|2320|13066|||2165|2514|buurt|t|Social resilience index|
Index participatie|2020|2488|13066|||1751|3387|buurt|t|Participation index|
Index sociale veerkracht|2020|2320|13066|||2165|2514|buurt|t|Social resilience index|
Index participatie|2020|2132|13066|||1516|2603|buurt|t|Participation index|
Index sociale veerkracht|2020|3273|13066|||2886|3696|buurt|t|Social resilience index|
Index participatie|2020|2132|13066|||1516|2603|buurt|t|Participation index|
Index sociale veerkracht|2020|3273|13066|||2886|3696|buurt|t|Social resilience index|
Index participatie|2020|2821|13066|||2347|3346|buurt|t|Participation index|
Index sociale veerkracht|2020|2168|13066|||1993|2430|buurt|t|Social resilience index|
Index participatie|2020|2821|13066|||2347|3346|buurt|t|Participation index|
Index sociale veerkracht|2020|2168|13066|||1993|2430|buurt|t|Social resilience index|
Index participatie|2020|6789|13066|||5205|9052|buurt|t|Participation index|
Index sociale veerkracht|2020|8804|13066|||7824|10651|buurt|t|Social resilience index|
Index participatie|2020|6789|13066|||5205|9052|buurt|t|Participation index|
Index sociale veerkracht|2020|8804|13066|||7824|10651|buurt|t|Social resilience index|
Index participatie|2020|4539|13066|||3973|6060|buurt|t|Participation index|
Index sociale veerkracht|2020|5624|13066|||5290|6622|buurt|t|Social resilience index|
Index participatie|2020|4539|13066|||3973|6060|buurt|t|Participation index|
Index sociale veerkracht|2020|5624|13066|||5290|6622|buurt|t|Social resilience index|
Index participatie|2020|2283|13066|||2019|2700|buurt|t|Participation index|
Index sociale veerkracht|2020|2433|13066|||2353|2609|buurt|t|Social resilience index|
Index participatie|2020|2283|13066|||2019|2700|buurt|t|Participation index|
Index sociale veerkracht|2020|2433|13066|||2353|2609|buurt|t|Social resilience index|
Index participatie|2020|5803|13066|||4887|6625|buurt|t|Participation index|
Index sociale veerkracht|2020|7739|13066|||7126|8785|buurt|t|Social resilience index|
Index participatie|2020|5803|13066|||4887|6625|buurt|t|Participation index|
Index sociale veerkracht|2020|7739|13066|||7126|8785|buurt|t|Social resilience index|
Index participatie|2020|8483|13066|||7399|9518|buurt|t|Participation index|
Index sociale veerkracht|2020|8428|13066|||7918|9223|buurt|t|Social resilience index|
Index participatie|2020|8483|13066|||7399|9518|buurt|t|Participation index|
Index sociale veerkracht|2020|8428|13066|||7918|9223|buurt|t|Social resilience index|
Index participatie|2020|4551|13066|||4207|4958|buurt|t|Participation index|
Index sociale veerkracht|2020|5894|13066|||5484|6423|buurt|t|Social resilience index|
Index participatie|2020|4551|13066|||4207|4958|buurt|t|Participation index|
Index sociale veerkracht|2020|5894|13066|||5484|6423|buurt|t|Social resilience index|
Index participatie|2020|8298|13066|||6660|8957|buurt|t|Participation index|
Index sociale veerkracht|2020|10698|13066|||9953|11961|buurt|t|Social resilience index|
Index participatie|2020|8298|13066|||6660|8957|buurt|t|Participation index|
Index sociale veerkracht|2020|10698|13066|||9953|11961|buurt|t|Social resilience index|
Index participatie|2020|759|13066|||627|1027|buurt|t|Participation index|
Index sociale veerkracht|2020|682|13066|||654|776|buurt|t|Social resilience index|
Index participatie|2020|759|13066|||627|1027|buurt|t|Participation index|
Index sociale veerkracht|2020|682|13066|||654|776|buurt|t|Social resilience index|
Index participatie|2020|2958|13066|||2543|3926|buurt|t|Participation index|
Index sociale veerkracht|2020|1892|13066|||1079|3860|buurt|t|Social resilience index|
Index participatie|2020|2958|13066|||2543|3926|buurt|t|Participation index|
Index sociale veerkracht|2020|1892|13066|||1079|3860|buurt|t|Social resilience index|
Index participatie|2020|981|13066|||566|1626|buurt|t|Participation index|
Index sociale veerkracht|2020|1844|13066|||1615|2080|buurt|t|Social resilience index|
Index participatie|2020|981|13066|||566|1626|buurt|t|Participation index|
Index sociale veerkracht|2020|1844|13066|||1615|2080|buurt|t|Social resilience index|
Index participatie|2020|734|13066|||539|1320|buurt|t|Participation index|
Index sociale veerkracht|2020|1007|13066|||825|1218|buurt|t|Social resilience index|
Index participatie|2020|734|13066|||539|1320|buurt|t|Participation index|
Index sociale veerkracht|2020|1007|13066|||825|1218|buurt|t|Social resilience index|
Index participatie|2020|1156|13066|||794|1524|buurt|t|Participation index|
Index sociale veerkracht|2020|1724|13066|||1527|1901|buurt|t|Social resilience index|
Index participatie|2020|1156|13066|||794|1524|buurt|t|Participation index|
Index sociale veerkracht|2020|1724|13066|||1527|1901|buurt|t|Social resilience index|
Index participatie|2020|1417|13066|||1045|2224|buurt|t|Participation index|
Index sociale veerkracht|2020|1279|13066|||1003|1569|buurt|t|Social resilience index|
Index participatie|2020|1417|13066|||1045|2224|buurt|t|Participation index|
Index sociale veerkracht|2020|1279|13066|||1003|1569|buurt|t|Social resilience index|
Index participatie|2020|3773|13066|||3123|5528|buurt|t|Participation index|
Index sociale veerkracht|2020|3778|13066|||3299|4261|buurt|t|Social resilience index|
Index participatie|2020|3773|13066|||3123|5528|buurt|t|Participation index|
Index sociale veerkracht|2020|3778|13066|||3299|4261|buurt|t|Social resilience index|
Index participatie|2020|2681|13066|||1654|4277|buurt|t|Participation index|
Index sociale veerkracht|2020|4614|13066|||3606|5285|buurt|t|Social resilience index|
Index participatie|2020|2681|13066|||1654|4277|buurt|t|Participation index|
Index sociale veerkracht|2020|4614|13066|||3606|5285|buurt|t|Social resilience index|
Index participatie|2020|4344|13066|||3891|5813|buurt|t|Participation index|
Index sociale veerkracht|2020|4414|13066|||3883|4943|buurt|t|Social resilience index|
Index participatie|2020|4344|13066|||3891|5813|buurt|t|Participation index|
Index sociale veerkracht|2020|4414|13066|||3883|4943|buurt|t|Social resilience index|
Index participatie|2020|2279|13066|||1500|3697|buurt|t|Participation index|
Index sociale veerkracht|2020|1910|13066|||1611|2275|buurt|t|Social resilience index|
Index participatie|2020|2279|13066|||1500|3697|buurt|t|Participation index|
Index sociale veerkracht|2020|1910|13066|||1611|2275|buurt|t|Social resilience index|
Index participatie|2020|1249|13066|||998|1624|buurt|t|Participation index|
Index sociale veerkracht|2020|1032|13066|||888|1192|buurt|t|Social resilience index|
Index participatie|2020|1249|13066|||998|1624|buurt|t|Participation index|
Index sociale veerkracht|2020|1032|13066|||888|1192|buurt|t|Social resilience index|
Index participatie|2020|4970|13066|||4693|5421|buurt|t|Participation index|
Index sociale veerkracht|2020|4469|13066|||4259|4870|buurt|t|Social resilience index|
Index participatie|2020|4970|13066|||4693|5421|buurt|t|Participation index|
Index sociale veerkracht|2020|4469|13066|||4259|4870|buurt|t|Social resilience index|
Index participatie|2020|5635|13066|||5048|6745|buurt|t|Participation index|
Index sociale veerkracht|2020|3185|13066|||2687|4381|buurt|t|Social resilience index|
Index participatie|2020|5635|13066|||5048|6745|buurt|t|Participation index|
Index sociale veerkracht|2020|3185|13066|||2687|4381|buurt|t|Social resilience index|
Index participatie|2020|4135|13066|||3055|5066|buurt|t|Participation index|
Index sociale veerkracht|2020|5897|13066|||4909|6816|buurt|t|Social resilience index|
Index participatie|2020|4135|13066|||3055|5066|buurt|t|Participation index|
Index sociale veerkracht|2020|5897|13066|||4909|6816|buurt|t|Social resilience index|
Index participatie|2020|10265|13066|||9069|10814|buurt|t|Participation index|
Index sociale veerkracht|2020|10436|13066|||9632|11271|buurt|t|Social resilience index|
Index participatie|2020|10265|13066|||9069|10814|buurt|t|Participation index|
Index sociale veerkracht|2020|10436|13066|||9632|11271|buurt|t|Social resilience index|
Index participatie|2020|6890|13066|||6372|8029|buurt|t|Participation index|
Index sociale veerkracht|2020|7029|13066|||6710|7745|buurt|t|Social resilience index|
Index participatie|2020|6890|13066|||6372|8029|buurt|t|Participation index|
Index sociale veerkracht|2020|7029|13066|||6710|7745|buurt|t|Social resilience index|
Index participatie|2020|7071|13066|||5496|9314|buurt|t|Participation index|
Index sociale veerkracht|2020|7558|13066|||6487|8733|buurt|t|Social resilience index|
Index participatie|2020|7071|13066|||5496|9314|buurt|t|Participation index|
Index sociale veerkracht|2020|7558|13066|||6487|8733|buurt|t|Social resilience index|
Index participatie|2020|7405|13066|||5118|9295|buurt|t|Participation index|
Index sociale veerkracht|2020|10538|13066|||7299|11982|buurt|t|Social resilience index|
Index participatie|2020|7405|13066|||5118|9295|buurt|t|Participation index|
Index sociale veerkracht|2020|10538|13066|||7299|11982|buurt|t|Social resilience index|
Index participatie|2020|1914|13066|||1479|2305|buurt|t|Participation index|
Index sociale veerkracht|2020|1580|13066|||1370|1734|buurt|t|Social resilience index|
Index participatie|2020|1914|13066|||1479|2305|buurt|t|Participation index|
Index sociale veerkracht|2020|1580|13066|||1370|1734|buurt|t|Social resilience index|
Index participatie|2020|1050|13066|||944|1191|buurt|t|Participation index|
Index sociale veerkracht|2020|1460|13066|||998|1861|buurt|t|Social resilience index|
Index participatie|2020|1050|13066|||944|1191|buurt|t|Participation index|
Index sociale veerkracht|2020|1460|13066|||998|1861|buurt|t|Social resilience index|
Index participatie|2020|903|13066|||847|1105|buurt|t|Participation index|
Index sociale veerkracht|2020|1131|13066|||838|1363|buurt|t|Social resilience index|
Index participatie|2020|903|13066|||847|1105|buurt|t|Participation index|
Index sociale veerkracht|2020|1131|13066|||838|1363|buurt|t|Social resilience index|
Index participatie|2020|1723|13066|||1483|1870|buurt|t|Participation index|
Index sociale veerkracht|2020|1529|13066|||1373|1618|buurt|t|Social resilience index|
Index participatie|2020|1723|13066|||1483|1870|buurt|t|Participation index|
Index sociale veerkracht|2020|1529|13066|||1373|1618|buurt|t|Social resilience index|
Index participatie|2020|2472|13066|||2244|2808|buurt|t|Participation index|
Index sociale veerkracht|2020|2177|13066|||1990|2279|buurt|t|Social resilience index|
Index participatie|2020|2472|13066|||2244|2808|buurt|t|Participation index|
Index sociale veerkracht|2020|2177|13066|||1990|2279|buurt|t|Social resilience index|
Index participatie|2020|1524|13066|||1190|1774|buurt|t|Participation index|
Index sociale veerkracht|2020|1109|13066|||1024|1219|buurt|t|Social resilience index|
Index participatie|2020|1524|13066|||1190|1774|buurt|t|Participation index|
Index sociale veerkracht|2020|1109|13066|||1024|1219|buurt|t|Social resilience index|
Index participatie|2020|812|13066|||718|1225|buurt|t|Participation index|
Index sociale veerkracht|2020|580|13066|||496|643|buurt|t|Social resilience index|
Index participatie|2020|812|13066|||718|1225|buurt|t|Participation index|
Index sociale veerkracht|2020|580|13066|||496|643|buurt|t|Social resilience index|
Index participatie|2020|1756|13066|||1605|2057|buurt|t|Participation index|
Index sociale veerkracht|2020|1349|13066|||1317|1383|buurt|t|Social resilience index|
Index participatie|2020|1756|13066|||1605|2057|buurt|t|Participation index|
Index sociale veerkracht|2020|1349|13066|||1317|1383|buurt|t|Social resilience index|
Index participatie|2020|1869|13066|||1631|2263|buurt|t|Participation index|
Index sociale veerkracht|2020|1952|13066|||1851|2072|buurt|t|Social resilience index|
Index participatie|2020|1869|13066|||1631|2263|buurt|t|Participation index|
Index sociale veerkracht|2020|1952|13066|||1851|2072|buurt|t|Social resilience index|
Index participatie|2020|3867|13066|||2723|5469|buurt|t|Participation index|
Index sociale veerkracht|2020|6368|13066|||5480|7293|buurt|t|Social resilience index|
Index participatie|2020|3867|13066|||2723|5469|buurt|t|Participation index|
Index sociale veerkracht|2020|6368|13066|||5480|7293|buurt|t|Social resilience index|
Index participatie|2020|3484|13066|||2633|6688|buurt|t|Participation index|
Index sociale veerkracht|2020|2509|13066|||1577|3671|buurt|t|Social resilience index|
Index participatie|2020|3484|13066|||2633|6688|buurt|t|Participation index|
Index sociale veerkracht|2020|2509|13066|||1577|3671|buurt|t|Social resilience index|
Index participatie|2020|4147|13066|||3806|4950|buurt|t|Participation index|
Index sociale veerkracht|2020|2539|13066|||2196|3265|buurt|t|Social resilience index|
Index participatie|2020|4147|13066|||3806|4950|buurt|t|Participation index|
Index sociale veerkracht|2020|2539|13066|||2196|3265|buurt|t|Social resilience index|
Index participatie|2020|9223|13066|||7258|10230|buurt|t|Participation index|
Index sociale veerkracht|2020|9482|13066|||7467|10524|buurt|t|Social resilience index|
Index participatie|2020|9223|13066|||7258|10230|buurt|t|Participation index|
Index sociale veerkracht|2020|9482|13066|||7467|10524|buurt|t|Social resilience index|
Index participatie|2020|2844|13066|||2743|3036|buurt|t|Participation index|
Index sociale veerkracht|2020|3001|13066|||2829|3143|buurt|t|Social resilience index|
Index participatie|2020|2844|13066|||2743|3036|buurt|t|Participation index|
Index sociale veerkracht|2020|3001|13066|||2829|3143|buurt|t|Social resilience index|
Index participatie|2020|5008|13066|||4977|5181|buurt|t|Participation index|
Index sociale veerkracht|2020|5796|13066|||5122|6165|buurt|t|Social resilience index|
Index participatie|2020|5008|13066|||4977|5181|buurt|t|Participation index|
Index sociale veerkracht|2020|5796|13066|||5122|6165|buurt|t|Social resilience index|
Index participatie|2020|1082|13066|||804|1430|buurt|t|Participation index|
Index sociale veerkracht|2020|840|13066|||716|987|buurt|t|Social resilience index|
Index participatie|2020|1082|13066|||804|1430|buurt|t|Participation index|
Index sociale veerkracht|2020|840|13066|||716|987|buurt|t|Social resilience index|
Index participatie|2020|1755|13066|||1750|1785|buurt|t|Participation index|
Index sociale veerkracht|2020|1499|13066|||1414|1622|buurt|t|Social resilience index|
Index participatie|2020|1755|13066|||1750|1785|buurt|t|Participation index|
Index sociale veerkracht|2020|1499|13066|||1414|1622|buurt|t|Social resilience index|
Index participatie|2020|3678|13066|||3582|3834|buurt|t|Participation index|
Index sociale veerkracht|2020|3923|13066|||3825|4078|buurt|t|Social resilience index|
Index participatie|2020|3678|13066|||3582|3834|buurt|t|Participation index|
Index sociale veerkracht|2020|3923|13066|||3825|4078|buurt|t|Social resilience index|
Index participatie|2020|4523|13066|||4523|4618|buurt|t|Participation index|
Index sociale veerkracht|2020|4641|13066|||4315|4848|buurt|t|Social resilience index|
Index participatie|2020|4523|13066|||4523|4618|buurt|t|Participation index|
Index sociale veerkracht|2020|4641|13066|||4315|4848|buurt|t|Social resilience index|
Index participatie|2020|10793|13066|||10217|10793|buurt|t|Participation index|
Index sociale veerkracht|2020|11021|13066|||9863|11545|buurt|t|Social resilience index|
Index participatie|2020|10793|13066|||10217|10793|buurt|t|Participation index|
Index sociale veerkracht|2020|11021|13066|||9863|11545|buurt|t|Social resilience index|
Index participatie|2020|7362|13066|||6183|7953|buurt|t|Participation index|
Index sociale veerkracht|2020|9669|13066|||8506|10902|buurt|t|Social resilience index|
Index participatie|2020|7362|13066|||6183|7953|buurt|t|Participation index|
Index sociale veerkracht|2020|9669|13066|||8506|10902|buurt|t|Social resilience index|
Index participatie|2020|3556|13066|||2731|5239|buurt|t|Participation index|
Index sociale veerkracht|2020|4995|13066|||4360|6150|buurt|t|Social resilience index|
Index participatie|2020|3556|13066|||2731|5239|buurt|t|Participation index|
Index sociale veerkracht|2020|4995|13066|||4360|6150|buurt|t|Social resilience index|
Index participatie|2020|1284|13066|||1049|1716|buurt|t|Participation index|
Index sociale veerkracht|2020|1243|13066|||1145|1327|buurt|t|Social resilience index|
Index participatie|2020|1284|13066|||1049|1716|buurt|t|Participation index|
Index sociale veerkracht|2020|1243|13066|||1145|1327|buurt|t|Social resilience index|
Index participatie|2020|7433|13066|||6247|10205|buurt|t|Participation index|
Index sociale veerkracht|2020|7989|13066|||7227|9441|buurt|t|Social resilience index|
Index participatie|2020|7433|13066|||6247|10205|buurt|t|Participation index|
Index sociale veerkracht|2020|7989|13066|||7227|9441|buurt|t|Social resilience index|
Index participatie|2020|7825|13066|||6708|9402|buurt|t|Participation index|
Index sociale veerkracht|2020|8192|13066|||7515|9298|buurt|t|Social resilience index|
Index participatie|2020|7825|13066|||6708|9402|buurt|t|Participation index|
Index sociale veerkracht|2020|8192|13066|||7515|9298|buurt|t|Social resilience index|
Index participatie|2020|3234|13066|||2517|3841|buurt|t|Participation index|
Index sociale veerkracht|2020|4392|13066|||3824|4941|buurt|t|Social resilience index|
Index participatie|2020|3234|13066|||2517|3841|buurt|t|Participation index|
Index sociale veerkracht|2020|4392|13066|||3824|4941|buurt|t|Social resilience index|
Index participatie|2020|9328|13066|||8115|10334|buurt|t|Participation index|
Index sociale veerkracht|2020|7776|13066|||6877|8129|buurt|t|Social resilience index|
Index participatie|2020|9328|13066|||8115|10334|buurt|t|Participation index|
Index sociale veerkracht|2020|7776|13066|||6877|8129|buurt|t|Social resilience index|
Index participatie|2020|1659|13066|||1451|1926|buurt|t|Participation index|
Index sociale veerkracht|2020|1582|13066|||1523|1677|buurt|t|Social resilience index|
Index participatie|2020|1659|13066|||1451|1926|buurt|t|Participation index|
Index sociale veerkracht|2020|1582|13066|||1523|1677|buurt|t|Social resilience index|
Index participatie|2020|3781|13066|||3472|4186|buurt|t|Participation index|
Index sociale veerkracht|2020|3308|13066|||3196|3429|buurt|t|Social resilience index|
Index participatie|2020|3781|13066|||3472|4186|buurt|t|Participation index|
Index sociale veerkracht|2020|3308|13066|||3196|3429|buurt|t|Social resilience index|
Index participatie|2020|657|13066|||393|1151|buurt|t|Participation index|
Index sociale veerkracht|2020|487|13066|||326|635|buurt|t|Social resilience index|
Index participatie|2020|657|13066|||393|1151|buurt|t|Participation index|
Index sociale veerkracht|2020|487|13066|||326|635|buurt|t|Social resilience index|
Index participatie|2020|917|13066|||712|1348|buurt|t|Participation index|
Index sociale veerkracht|2020|1108|13066|||912|1206|buurt|t|Social resilience index|
Index participatie|2020|917|13066|||712|1348|buurt|t|Participation index|
Index sociale veerkracht|2020|1108|13066|||912|1206|buurt|t|Social resilience index|
Index participatie|2020|1909|13066|||1760|2029|buurt|t|Participation index|
Index sociale veerkracht|2020|1934|13066|||1651|2058|buurt|t|Social resilience index|
Index participatie|2020|1909|13066|||1760|2029|buurt|t|Participation index|
Index sociale veerkracht|2020|1934|13066|||1651|2058|buurt|t|Social resilience index|
Index participatie|2020|5241|13066|||4918|5733|buurt|t|Participation index|
Index sociale veerkracht|2020|5723|13066|||5052|6158|buurt|t|Social resilience index|
Index participatie|2020|5241|13066|||4918|5733|buurt|t|Participation index|
Index sociale veerkracht|2020|5723|13066|||5052|6158|buurt|t|Social resilience index|
Index participatie|2020|3544|13066|||3379|3893|buurt|t|Participation index|
Index sociale veerkracht|2020|4160|13066|||3445|4950|buurt|t|Social resilience index|
Index participatie|2020|3544|13066|||3379|3893|buurt|t|Participation index|
Index sociale veerkracht|2020|4160|13066|||3445|4950|buurt|t|Social resilience index|
Index participatie|2020|10986|13066|||9509|11697|buurt|t|Participation index|
Index sociale veerkracht|2020|11030|13066|||9666|11845|buurt|t|Social resilience index|
Index participatie|2020|10986|13066|||9509|11697|buurt|t|Participation index|
Index sociale veerkracht|2020|11030|13066|||9666|11845|buurt|t|Social resilience index|
Index participatie|2020|1982|13066|||1940|2048|buurt|t|Participation index|
Index sociale veerkracht|2020|1858|13066|||1717|1998|buurt|t|Social resilience index|
Index participatie|2020|1982|13066|||1940|2048|buurt|t|Participation index|
Index sociale veerkracht|2020|1858|13066|||1717|1998|buurt|t|Social resilience index|
Index participatie|2020|3242|13066|||2940|3862|buurt|t|Participation index|
Index sociale veerkracht|2020|3211|13066|||3072|3434|buurt|t|Social resilience index|
Index participatie|2020|3242|13066|||2940|3862|buurt|t|Participation index|
Index sociale veerkracht|2020|3211|13066|||3072|3434|buurt|t|Social resilience index|
Index participatie|2020|4257|13066|||3514|5054|buurt|t|Participation index|
Index sociale veerkracht|2020|3032|13066|||2843|3148|buurt|t|Social resilience index|
Index participatie|2020|4257|13066|||3514|5054|buurt|t|Participation index|
Index sociale veerkracht|2020|3032|13066|||2843|3148|buurt|t|Social resilience index|
Index participatie|2020|3063|13066|||2464|3551|buurt|t|Participation index|
Index sociale veerkracht|2020|2691|13066|||2385|2779|buurt|t|Social resilience index|
Index participatie|2020|3063|13066|||2464|3551|buurt|t|Participation index|
Index sociale veerkracht|2020|2691|13066|||2385|2779|buurt|t|Social resilience index|
Index participatie|2020|3003|13066|||2593|3674|buurt|t|Participation index|
Index sociale veerkracht|2020|2443|13066|||2223|2616|buurt|t|Social resilience index|
Index participatie|2020|3003|13066|||2593|3674|buurt|t|Participation index|
Index sociale veerkracht|2020|2443|13066|||2223|2616|buurt|t|Social resilience index|
Index participatie|2020|6071|13066|||5728|6572|buurt|t|Participation index|
Index sociale veerkracht|2020|5473|13066|||5225|5704|buurt|t|Social resilience index|
Index participatie|2020|6071|13066|||5728|6572|buurt|t|Participation index|
Index sociale veerkracht|2020|5473|13066|||5225|5704|buurt|t|Social resilience index|
Index participatie|2020|3458|13066|||2732|4135|buurt|t|Participation index|
Index sociale veerkracht|2020|2742|13066|||2550|2872|buurt|t|Social resilience index|
Index participatie|2020|3458|13066|||2732|4135|buurt|t|Participation index|
Index sociale veerkracht|2020|2742|13066|||2550|2872|buurt|t|Social resilience index|
Index participatie|2020|3748|13066|||3162|4417|buurt|t|Participation index|
Index sociale veerkracht|2020|2964|13066|||2717|3081|buurt|t|Social resilience index|
Index participatie|2020|3748|13066|||3162|4417|buurt|t|Participation index|
Index sociale veerkracht|2020|2964|13066|||2717|3081|buurt|t|Social resilience index|
Index participatie|2020|6472|13066|||5096|10113|buurt|t|Participation index|
Index sociale veerkracht|2020|6889|13066|||5968|8428|buurt|t|Social resilience index|
Index participatie|2020|6472|13066|||5096|10113|buurt|t|Participation index|
Index sociale veerkracht|2020|6889|13066|||5968|8428|buurt|t|Social resilience index|
Index participatie|2020|9801|13066|||7790|12115|buurt|t|Participation index|
Index sociale veerkracht|2020|9836|13066|||8848|11540|buurt|t|Social resilience index|
Index participatie|2020|9801|13066|||7790|12115|buurt|t|Participation index|
Index sociale veerkracht|2020|9836|13066|||8848|11540|buurt|t|Social resilience index|
Index participatie|2020|7749|13066|||5807|10411|buurt|t|Participation index|
Index sociale veerkracht|2020|7172|13066|||6576|8266|buurt|t|Social resilience index|
Index participatie|2020|7749|13066|||5807|10411|buurt|t|Participation index|
Index sociale veerkracht|2020|7172|13066|||6576|8266|buurt|t|Social resilience index|
Index participatie|2020|11799|13066|||10602|12486|buurt|t|Participation index|
Index sociale veerkracht|2020|12802|13066|||12387|12912|buurt|t|Social resilience index|
Index participatie|2020|11799|13066|||10602|12486|buurt|t|Participation index|
Index sociale veerkracht|2020|12802|13066|||12387|12912|buurt|t|Social resilience index|
Index participatie|2020|10836|13066|||10147|10836|buurt|t|Participation index|
Index sociale veerkracht|2020|11090|13066|||10392|11403|buurt|t|Social resilience index|
Index participatie|2020|10836|13066|||10147|10836|buurt|t|Participation index|
Index sociale veerkracht|2020|11090|13066|||10392|11403|buurt|t|Social resilience index|
Index participatie|2020|11290|13066|||10337|11890|buurt|t|Participation index|
Index sociale veerkracht|2020|11534|13066|||10812|12225|buurt|t|Social resilience index|
Index participatie|2020|11290|13066|||10337|11890|buurt|t|Participation index|
Index sociale veerkracht|2020|11534|13066|||10812|12225|buurt|t|Social resilience index|
Index participatie|2020|9766|13066|||8800|10626|buurt|t|Participation index|
Index sociale veerkracht|2020|8968|13066|||8272|9593|buurt|t|Social resilience index|
Index participatie|2020|9766|13066|||8800|10626|buurt|t|Participation index|
Index sociale veerkracht|2020|8968|13066|||8272|9593|buurt|t|Social resilience index|
Index participatie|2020|7191|13066|||6857|7799|buurt|t|Participation index|
Index sociale veerkracht|2020|6303|13066|||5562|6656|buurt|t|Social resilience index|
Index participatie|2020|7191|13066|||6857|7799|buurt|t|Participation index|
Index sociale veerkracht|2020|6303|13066|||5562|6656|buurt|t|Social resilience index|
Index participatie|2020|3073|13066|||2319|5205|buurt|t|Participation index|
Index sociale veerkracht|2020|4307|13066|||3966|4707|buurt|t|Social resilience index|
Index participatie|2020|3073|13066|||2319|5205|buurt|t|Participation index|
Index sociale veerkracht|2020|4307|13066|||3966|4707|buurt|t|Social resilience index|
Index participatie|2020|1624|13066|||1141|2711|buurt|t|Participation index|
Index sociale veerkracht|2020|2258|13066|||2167|2383|buurt|t|Social resilience index|
Index participatie|2020|1624|13066|||1141|2711|buurt|t|Participation index|
Index sociale veerkracht|2020|2258|13066|||2167|2383|buurt|t|Social resilience index|
Index participatie|2020|12470|13066|||11688|12903|buurt|t|Participation index|
Index sociale veerkracht|2020|12165|13066|||10845|12582|buurt|t|Social resilience index|
Index participatie|2020|12470|13066|||11688|12903|buurt|t|Participation index|
Index sociale veerkracht|2020|12165|13066|||10845|12582|buurt|t|Social resilience index|
Index participatie|2020|5071|13066|||4714|5694|buurt|t|Participation index|
Index sociale veerkracht|2020|4676|13066|||4486|4873|buurt|t|Social resilience index|
Index participatie|2020|5071|13066|||4714|5694|buurt|t|Participation index|
Index sociale veerkracht|2020|4676|13066|||4486|4873|buurt|t|Social resilience index|
Index participatie|2020|5787|13066|||4270|7293|buurt|t|Participation index|
Index sociale veerkracht|2020|8070|13066|||6994|9188|buurt|t|Social resilience index|
Index participatie|2020|5787|13066|||4270|7293|buurt|t|Participation index|
Index sociale veerkracht|2020|8070|13066|||6994|9188|buurt|t|Social resilience index|
Index participatie|2020|11042|13066|||10244|11121|buurt|t|Participation index|
Index sociale veerkracht|2020|10794|13066|||10378|10890|buurt|t|Social resilience index|
Index participatie|2020|11042|13066|||10244|11121|buurt|t|Participation index|
Index sociale veerkracht|2020|10794|13066|||10378|10890|buurt|t|Social resilience index|
Index participatie|2020|11928|13066|||10904|12224|buurt|t|Participation index|
Index sociale veerkracht|2020|10995|13066|||10624|11255|buurt|t|Social resilience index|
Index participatie|2020|11928|13066|||10904|12224|buurt|t|Participation index|
Index sociale veerkracht|2020|10995|13066|||10624|11255|buurt|t|Social resilience index|
Index participatie|2020|10974|13066|||10173|11336|buurt|t|Participation index|
Index sociale veerkracht|2020|10048|13066|||9482|10427|buurt|t|Social resilience index|
Index participatie|2020|10974|13066|||10173|11336|buurt|t|Participation index|
Index sociale veerkracht|2020|10048|13066|||9482|10427|buurt|t|Social resilience index|
Index participatie|2020|12020|13066|||11262|12094|buurt|t|Participation index|
Index sociale veerkracht|2020|10970|13066|||9643|11538|buurt|t|Social resilience index|
Index participatie|2020|12020|13066|||11262|12094|buurt|t|Participation index|
Index sociale veerkracht|2020|10970|13066|||9643|11538|buurt|t|Social resilience index|
Index participatie|2020|10500|13066|||9523|10716|buurt|t|Participation index|
Index sociale veerkracht|2020|9249|13066|||8338|9672|buurt|t|Social resilience index|
Index participatie|2020|10500|13066|||9523|10716|buurt|t|Participation index|
Index sociale veerkracht|2020|9249|13066|||8338|9672|buurt|t|Social resilience index|
Index participatie|2020|13028|13066|||12924|13028|buurt|t|Participation index|
Index sociale veerkracht|2020|12980|13066|||12884|12997|buurt|t|Social resilience index|
Index participatie|2020|13028|13066|||12924|13028|buurt|t|Participation index|
Index sociale veerkracht|2020|12980|13066|||12884|12997|buurt|t|Social resilience index|
Index participatie|2020|12345|13066|||11710|12345|buurt|t|Participation index|
Index sociale veerkracht|2020|8135|13066|||6232|10699|buurt|t|Social resilience index|
Index participatie|2020|12345|13066|||11710|12345|buurt|t|Participation index|
Index sociale veerkracht|2020|8135|13066|||6232|10699|buurt|t|Social resilience index|
Index participatie|2020|8738|13066|||8288|8900|buurt|t|Participation index|
Index sociale veerkracht|2020|7529|13066|||6985|7878|buurt|t|Social resilience index|
Index participatie|2020|8738|13066|||8288|8900|buurt|t|Participation index|
Index sociale veerkracht|2020|7529|13066|||6985|7878|buurt|t|Social resilience index|
Index participatie|2020|11672|13066|||10609|11837|buurt|t|Participation index|
Index sociale veerkracht|2020|12221|13066|||11728|12525|buurt|t|Social resilience index|
Index participatie|2020|11672|13066|||10609|11837|buurt|t|Participation index|
Index sociale veerkracht|2020|12221|13066|||11728|12525|buurt|t|Social resilience index|
Index participatie|2020|6874|13066|||6069|7645|buurt|t|Participation index|
Index sociale veerkracht|2020|5681|13066|||5119|6058|buurt|t|Social resilience index|
Index participatie|2020|6874|13066|||6069|7645|buurt|t|Participation index|
Index sociale veerkracht|2020|5681|13066|||5119|6058|buurt|t|Social resilience index|
Index participatie|2020|10239|13066|||9797|10239|buurt|t|Participation index|
Index sociale veerkracht|2020|8639|13066|||7928|9071|buurt|t|Social resilience index|
Index participatie|2020|10239|13066|||9797|10239|buurt|t|Participation index|
Index sociale veerkracht|2020|8639|13066|||7928|9071|buurt|t|Social resilience index|
Index participatie|2020|12185|13066|||11728|12185|buurt|t|Participation index|
Index sociale veerkracht|2020|12149|13066|||11568|12263|buurt|t|Social resilience index|
Index participatie|2020|12185|13066|||11728|12185|buurt|t|Participation index|
Index sociale veerkracht|2020|12149|13066|||11568|12263|buurt|t|Social resilience index|
Index participatie|2020|7170|13066|||4871|9797|buurt|t|Participation index|
Index sociale veerkracht|2020|12974|13066|||10924|13059|buurt|t|Social resilience index|
Index participatie|2020|7170|13066|||4871|9797|buurt|t|Participation index|
Index sociale veerkracht|2020|12974|13066|||10924|13059|buurt|t|Social resilience index|
Index participatie|2020|10991|13066|||8938|12192|buurt|t|Participation index|
Index sociale veerkracht|2020|10064|13066|||9162|10994|buurt|t|Social resilience index|
Index participatie|2020|10991|13066|||8938|12192|buurt|t|Participation index|
Index sociale veerkracht|2020|10064|13066|||9162|10994|buurt|t|Social resilience index|
Index participatie|2020|7759|13066|||7430|7795|buurt|t|Participation index|
Index sociale veerkracht|2020|6845|13066|||6547|7330|buurt|t|Social resilience index|
Index participatie|2020|7759|13066|||7430|7795|buurt|t|Participation index|
Index sociale veerkracht|2020|6845|13066|||6547|7330|buurt|t|Social resilience index|
Index participatie|2020|12716|13066|||12197|12798|buurt|t|Participation index|
Index sociale veerkracht|2020|12189|13066|||11347|12339|buurt|t|Social resilience index|
Index participatie|2020|12716|13066|||12197|12798|buurt|t|Participation index|
Index sociale veerkracht|2020|12189|13066|||11347|12339|buurt|t|Social resilience index|
Index participatie|2020|10996|13066|||9809|11204|buurt|t|Participation index|
Index sociale veerkracht|2020|9827|13066|||9487|10218|buurt|t|Social resilience index|
Index participatie|2020|10996|13066|||9809|11204|buurt|t|Participation index|
Index sociale veerkracht|2020|9827|13066|||9487|10218|buurt|t|Social resilience index|
Index participatie|2020|11716|13066|||11032|11716|buurt|t|Participation index|
Index sociale veerkracht|2020|10260|13066|||9824|10672|buurt|t|Social resilience index|
Index participatie|2020|11716|13066|||11032|11716|buurt|t|Participation index|
Index sociale veerkracht|2020|10260|13066|||9824|10672|buurt|t|Social resilience index|
Index participatie|2020|12636|13066|||11680|12739|buurt|t|Participation index|
Index sociale veerkracht|2020|11272|13066|||10653|11517|buurt|t|Social resilience index|
Index participatie|2020|12636|13066|||11680|12739|buurt|t|Participation index|
Index sociale veerkracht|2020|11272|13066|||10653|11517|buurt|t|Social resilience index|
Index participatie|2020|12527|13066|||11728|12538|buurt|t|Participation index|
Index sociale veerkracht|2020|12814|13066|||12062|12932|buurt|t|Social resilience index|
Index participatie|2020|12527|13066|||11728|12538|buurt|t|Participation index|
Index sociale veerkracht|2020|12814|13066|||12062|12932|buurt|t|Social resilience index|
Index participatie|2020|10375|13066|||8982|11764|buurt|t|Participation index|
Index sociale veerkracht|2020|11147|13066|||10333|11523|buurt|t|Social resilience index|
Index participatie|2020|10375|13066|||8982|11764|buurt|t|Participation index|
Index sociale veerkracht|2020|11147|13066|||10333|11523|buurt|t|Social resilience index|
Index participatie|2020|12003|13066|||11364|12043|buurt|t|Participation index|
Index sociale veerkracht|2020|11359|13066|||10739|11634|buurt|t|Social resilience index|
Index participatie|2020|12003|13066|||11364|12043|buurt|t|Participation index|
Index sociale veerkracht|2020|11359|13066|||10739|11634|buurt|t|Social resilience index|
Index participatie|2020|12645|13066|||12110|12711|buurt|t|Participation index|
Index sociale veerkracht|2020|12521|13066|||12257|12680|buurt|t|Social resilience index|
Index participatie|2020|12645|13066|||12110|12711|buurt|t|Participation index|
Index sociale veerkracht|2020|12521|13066|||12257|12680|buurt|t|Social resilience index|
Index participatie|2020|12255|13066|||11330|12602|buurt|t|Participation index|
Index sociale veerkracht|2020|12373|13066|||11598|12925|buurt|t|Social resilience index|
Index participatie|2020|12255|13066|||11330|12602|buurt|t|Participation index|
Index sociale veerkracht|2020|12373|13066|||11598|12925|buurt|t|Social resilience index|
Index participatie|2020|12699|13066|||12094|12867|buurt|t|Participation index|
Index sociale veerkracht|2020|12710|13066|||12279|12886|buurt|t|Social resilience index|
Index participatie|2020|12699|13066|||12094|12867|buurt|t|Participation index|
Index sociale veerkracht|2020|12710|13066|||12279|12886|buurt|t|Social resilience index|
Index participatie|2020|7309|13066|||6861|8151|buurt|t|Participation index|
Index sociale veerkracht|2020|6783|13066|||6210|7158|buurt|t|Social resilience index|
Index participatie|2020|7309|13066|||6861|8151|buurt|t|Participation index|
Index sociale veerkracht|2020|6783|13066|||6210|7158|buurt|t|Social resilience index|
Index participatie|2020|4591|13066|||2883|8715|buurt|t|Participation index|
Index sociale veerkracht|2020|1409|13066|||1149|2213|buurt|t|Social resilience index|
Index participatie|2020|4591|13066|||2883|8715|buurt|t|Participation index|
Index sociale veerkracht|2020|1409|13066|||1149|2213|buurt|t|Social resilience index|
Index participatie|2020|8323|13066|||7296|8696|buurt|t|Participation index|
Index sociale veerkracht|2020|8965|13066|||8628|9479|buurt|t|Social resilience index|
Index participatie|2020|8323|13066|||7296|8696|buurt|t|Participation index|
Index sociale veerkracht|2020|8965|13066|||8628|9479|buurt|t|Social resilience index|
Index participatie|2020|11521|13066|||10763|11857|buurt|t|Participation index|
Index sociale veerkracht|2020|10856|13066|||10423|11242|buurt|t|Social resilience index|
Index participatie|2020|11521|13066|||10763|11857|buurt|t|Participation index|
Index sociale veerkracht|2020|10856|13066|||10423|11242|buurt|t|Social resilience index|
Index participatie|2020|11344|13066|||10124|11932|buurt|t|Participation index|
Index sociale veerkracht|2020|12279|13066|||11714|12562|buurt|t|Social resilience index|
Index participatie|2020|11344|13066|||10124|11932|buurt|t|Participation index|
Index sociale veerkracht|2020|12279|13066|||11714|12562|buurt|t|Social resilience index|
Index participatie|2020|10707|13066|||8987|12748|buurt|t|Participation index|
Index sociale veerkracht|2020|10887|13066|||8991|12324|buurt|t|Social resilience index|
Index participatie|2020|10707|13066|||8987|12748|buurt|t|Participation index|
Index sociale veerkracht|2020|10887|13066|||8991|12324|buurt|t|Social resilience index|
Index participatie|2020|9096|13066|||6995|9937|buurt|t|Participation index|
Index sociale veerkracht|2020|11973|13066|||11038|12778|buurt|t|Social resilience index|
Index participatie|2020|9096|13066|||6995|9937|buurt|t|Participation index|
Index sociale veerkracht|2020|11973|13066|||11038|12778|buurt|t|Social resilience index|
Index participatie|2020|7969|13066|||7542|8191|buurt|t|Participation index|
Index sociale veerkracht|2020|7434|13066|||7146|7863|buurt|t|Social resilience index|
Index participatie|2020|7969|13066|||7542|8191|buurt|t|Participation index|
Index sociale veerkracht|2020|7434|13066|||7146|7863|buurt|t|Social resilience index|
Index participatie|2020|12070|13066|||10660|12638|buurt|t|Participation index|
Index sociale veerkracht|2020|11120|13066|||10734|11627|buurt|t|Social resilience index|
Index participatie|2020|12070|13066|||10660|12638|buurt|t|Participation index|
Index sociale veerkracht|2020|11120|13066|||10734|11627|buurt|t|Social resilience index|
Index participatie|2020|7189|13066|||6915|7628|buurt|t|Participation index|
Index sociale veerkracht|2020|6357|13066|||5807|6872|buurt|t|Social resilience index|
Index participatie|2020|7189|13066|||6915|7628|buurt|t|Participation index|
Index sociale veerkracht|2020|6357|13066|||5807|6872|buurt|t|Social resilience index|
Index participatie|2020|9185|13066|||7972|9865|buurt|t|Participation index|
Index sociale veerkracht|2020|9591|13066|||9114|10516|buurt|t|Social resilience index|
Index participatie|2020|9185|13066|||7972|9865|buurt|t|Participation index|
Index sociale veerkracht|2020|9591|13066|||9114|10516|buurt|t|Social resilience index|
Index participatie|2020|11050|13066|||9363|11974|buurt|t|Participation index|
Index sociale veerkracht|2020|10152|13066|||9778|10940|buurt|t|Social resilience index|
Index participatie|2020|11050|13066|||9363|11974|buurt|t|Participation index|
Index sociale veerkracht|2020|10152|13066|||9778|10940|buurt|t|Social resilience index|
Index participatie|2020|9632|13066|||7800|10702|buurt|t|Participation index|
Index sociale veerkracht|2020|8505|13066|||7587|9121|buurt|t|Social resilience index|
Index participatie|2020|9632|13066|||7800|10702|buurt|t|Participation index|
Index sociale veerkracht|2020|8505|13066|||7587|9121|buurt|t|Social resilience index|
Index participatie|2020|6277|13066|||5001|7081|buurt|t|Participation index|
Index sociale veerkracht|2020|7722|13066|||6820|8630|buurt|t|Social resilience index|
Index participatie|2020|6277|13066|||5001|7081|buurt|t|Participation index|
Index sociale veerkracht|2020|7722|13066|||6820|8630|buurt|t|Social resilience index|
Index participatie|2020|8255|13066|||7544|8543|buurt|t|Participation index|
Index sociale veerkracht|2020|7659|13066|||6989|7991|buurt|t|Social resilience index|
Index participatie|2020|8255|13066|||7544|8543|buurt|t|Participation index|
Index sociale veerkracht|2020|7659|13066|||6989|7991|buurt|t|Social resilience index|
Index participatie|2020|8581|13066|||6338|10110|buurt|t|Participation index|
Index sociale veerkracht|2020|11513|13066|||9439|12494|buurt|t|Social resilience index|
Index participatie|2020|8581|13066|||6338|10110|buurt|t|Participation index|
Index sociale veerkracht|2020|11513|13066|||9439|12494|buurt|t|Social resilience index|
Index participatie|2020|10448|13066|||8818|10896|buurt|t|Participation index|
Index sociale veerkracht|2020|11876|13066|||10866|12510|buurt|t|Social resilience index|
Index participatie|2020|10448|13066|||8818|10896|buurt|t|Participation index|
Index sociale veerkracht|2020|11876|13066|||10866|12510|buurt|t|Social resilience index|
Index participatie|2020|11482|13066|||10226|12690|buurt|t|Participation index|
Index sociale veerkracht|2020|12522|13066|||11742|12637|buurt|t|Social resilience index|
Index participatie|2020|11482|13066|||10226|12690|buurt|t|Participation index|
Index sociale veerkracht|2020|12522|13066|||11742|12637|buurt|t|Social resilience index|
Index participatie|2020|120|3150|||86|177|wijk|t|Participation index|
Index sociale veerkracht|2020|256|3150|||213|299|wijk|t|Social resilience index|
Index participatie|2020|120|3150|||86|177|wijk|t|Participation index|
Index sociale veerkracht|2020|256|3150|||213|299|wijk|t|Social resilience index|
Index participatie|2020|120|3150|||86|177|wijk|t|Participation index|
Index sociale veerkracht|2020|256|3150|||213|299|wijk|t|Social resilience index|
Index participatie|2020|120|3150|||86|177|wijk|t|Participation index|
Index sociale veerkracht|2020|256|3150|||213|299|wijk|t|Social resilience index|
Index participatie|2020|1578|3150|||1390|1921|wijk|t|Participation index|
Index sociale veerkracht|2020|1791|3150|||1674|2052|wijk|t|Social resilience index|
Index participatie|2020|1578|3150|||1390|1921|wijk|t|Participation index|
Index sociale veerkracht|2020|1791|3150|||1674|2052|wijk|t|Social resilience index|
Index participatie|2020|1578|3150|||1390|1921|wijk|t|Participation index|
Index sociale veerkracht|2020|1791|3150|||1674|2052|wijk|t|Social resilience index|
Index participatie|2020|1578|3150|||1390|1921|wijk|t|Participation index|
Index sociale veerkracht|2020|1791|3150|||1674|2052|wijk|t|Social resilience index|
Index participatie|2020|596|3150|||468|840|wijk|t|Participation index|
Index sociale veerkracht|2020|620|3150|||575|703|wijk|t|Social resilience index|
Index participatie|2020|596|3150|||468|840|wijk|t|Participation index|
Index sociale veerkracht|2020|620|3150|||575|703|wijk|t|Social resilience index|
Index participatie|2020|596|3150|||468|840|wijk|t|Participation index|
Index sociale veerkracht|2020|620|3150|||575|703|wijk|t|Social resilience index|
Index participatie|2020|596|3150|||468|840|wijk|t|Participation index|
Index sociale veerkracht|2020|620|3150|||575|703|wijk|t|Social resilience index|
Index participatie|2020|683|3150|||593|820|wijk|t|Participation index|
Index sociale veerkracht|2020|798|3150|||724|867|wijk|t|Social resilience index|
Index participatie|2020|683|3150|||593|820|wijk|t|Participation index|
Index sociale veerkracht|2020|798|3150|||724|867|wijk|t|Social resilience index|
Index participatie|2020|683|3150|||593|820|wijk|t|Participation index|
Index sociale veerkracht|2020|798|3150|||724|867|wijk|t|Social resilience index|
Index participatie|2020|683|3150|||593|820|wijk|t|Participation index|
Index sociale veerkracht|2020|798|3150|||724|867|wijk|t|Social resilience index|
Index participatie|2020|732|3150|||692|798|wijk|t|Participation index|
Index sociale veerkracht|2020|816|3150|||756|864|wijk|t|Social resilience index|
Index participatie|2020|732|3150|||692|798|wijk|t|Participation index|
Index sociale veerkracht|2020|816|3150|||756|864|wijk|t|Social resilience index|
Index participatie|2020|732|3150|||692|798|wijk|t|Participation index|
Index sociale veerkracht|2020|816|3150|||756|864|wijk|t|Social resilience index|
Index participatie|2020|732|3150|||692|798|wijk|t|Participation index|
Index sociale veerkracht|2020|816|3150|||756|864|wijk|t|Social resilience index|
Index participatie|2020|350|3150|||262|478|wijk|t|Participation index|
Index sociale veerkracht|2020|432|3150|||346|498|wijk|t|Social resilience index|
Index participatie|2020|350|3150|||262|478|wijk|t|Participation index|
Index sociale veerkracht|2020|432|3150|||346|498|wijk|t|Social resilience index|
Index participatie|2020|350|3150|||262|478|wijk|t|Participation index|
Index sociale veerkracht|2020|432|3150|||346|498|wijk|t|Social resilience index|
Index participatie|2020|350|3150|||262|478|wijk|t|Participation index|
Index sociale veerkracht|2020|432|3150|||346|498|wijk|t|Social resilience index|
Index participatie|2020|369|3150|||290|484|wijk|t|Participation index|
Index sociale veerkracht|2020|309|3150|||249|383|wijk|t|Social resilience index|
Index participatie|2020|369|3150|||290|484|wijk|t|Participation index|
Index sociale veerkracht|2020|309|3150|||249|383|wijk|t|Social resilience index|
Index participatie|2020|369|3150|||290|484|wijk|t|Participation index|
Index sociale veerkracht|2020|309|3150|||249|383|wijk|t|Social resilience index|
Index participatie|2020|369|3150|||290|484|wijk|t|Participation index|
Index sociale veerkracht|2020|309|3150|||249|383|wijk|t|Social resilience index|
Index participatie|2020|1132|3150|||1100|1253|wijk|t|Participation index|
Index sociale veerkracht|2020|1072|3150|||991|1198|wijk|t|Social resilience index|
Index participatie|2020|1132|3150|||1100|1253|wijk|t|Participation index|
Index sociale veerkracht|2020|1072|3150|||991|1198|wijk|t|Social resilience index|
Index participatie|2020|1132|3150|||1100|1253|wijk|t|Participation index|
Index sociale veerkracht|2020|1072|3150|||991|1198|wijk|t|Social resilience index|
Index participatie|2020|1132|3150|||1100|1253|wijk|t|Participation index|
Index sociale veerkracht|2020|1072|3150|||991|1198|wijk|t|Social resilience index|
Index participatie|2020|1625|3150|||1306|1930|wijk|t|Participation index|
Index sociale veerkracht|2020|1829|3150|||1602|2107|wijk|t|Social resilience index|
Index participatie|2020|1625|3150|||1306|1930|wijk|t|Participation index|
Index sociale veerkracht|2020|1829|3150|||1602|2107|wijk|t|Social resilience index|
Index participatie|2020|1625|3150|||1306|1930|wijk|t|Participation index|
Index sociale veerkracht|2020|1829|3150|||1602|2107|wijk|t|Social resilience index|
Index participatie|2020|1625|3150|||1306|1930|wijk|t|Participation index|
Index sociale veerkracht|2020|1829|3150|||1602|2107|wijk|t|Social resilience index|
Index participatie|2020|254|3150|||219|308|wijk|t|Participation index|
Index sociale veerkracht|2020|269|3150|||200|321|wijk|t|Social resilience index|
Index participatie|2020|254|3150|||219|308|wijk|t|Participation index|
Index sociale veerkracht|2020|269|3150|||200|321|wijk|t|Social resilience index|
Index participatie|2020|254|3150|||219|308|wijk|t|Participation index|
Index sociale veerkracht|2020|269|3150|||200|321|wijk|t|Social resilience index|
Index participatie|2020|254|3150|||219|308|wijk|t|Participation index|
Index sociale veerkracht|2020|269|3150|||200|321|wijk|t|Social resilience index|
Index participatie|2020|379|3150|||379|397|wijk|t|Participation index|
Index sociale veerkracht|2020|364|3150|||336|374|wijk|t|Social resilience index|
Index participatie|2020|379|3150|||379|397|wijk|t|Participation index|
Index sociale veerkracht|2020|364|3150|||336|374|wijk|t|Social resilience index|
Index participatie|2020|379|3150|||379|397|wijk|t|Participation index|
Index sociale veerkracht|2020|364|3150|||336|374|wijk|t|Social resilience index|
Index participatie|2020|379|3150|||379|397|wijk|t|Participation index|
Index sociale veerkracht|2020|364|3150|||336|374|wijk|t|Social resilience index|
Index participatie|2020|1976|3150|||1660|2232|wijk|t|Participation index|
Index sociale veerkracht|2020|1758|3150|||1391|1908|wijk|t|Social resilience index|
Index participatie|2020|1976|3150|||1660|2232|wijk|t|Participation index|
Index sociale veerkracht|2020|1758|3150|||1391|1908|wijk|t|Social resilience index|
Index participatie|2020|1976|3150|||1660|2232|wijk|t|Participation index|
Index sociale veerkracht|2020|1758|3150|||1391|1908|wijk|t|Social resilience index|
Index participatie|2020|1976|3150|||1660|2232|wijk|t|Participation index|
Index sociale veerkracht|2020|1758|3150|||1391|1908|wijk|t|Social resilience index|
Index participatie|2020|696|3150|||658|764|wijk|t|Participation index|
Index sociale veerkracht|2020|736|3150|||714|774|wijk|t|Social resilience index|
Index participatie|2020|696|3150|||658|764|wijk|t|Participation index|
Index sociale veerkracht|2020|736|3150|||714|774|wijk|t|Social resilience index|
Index participatie|2020|696|3150|||658|764|wijk|t|Participation index|
Index sociale veerkracht|2020|736|3150|||714|774|wijk|t|Social resilience index|
Index participatie|2020|696|3150|||658|764|wijk|t|Participation index|
Index sociale veerkracht|2020|736|3150|||714|774|wijk|t|Social resilience index|
Index participatie|2020|833|3150|||758|1069|wijk|t|Participation index|
Index sociale veerkracht|2020|930|3150|||828|1013|wijk|t|Social resilience index|
Index participatie|2020|833|3150|||758|1069|wijk|t|Participation index|
Index sociale veerkracht|2020|930|3150|||828|1013|wijk|t|Social resilience index|
Index participatie|2020|833|3150|||758|1069|wijk|t|Participation index|
Index sociale veerkracht|2020|930|3150|||828|1013|wijk|t|Social resilience index|
Index participatie|2020|833|3150|||758|1069|wijk|t|Participation index|
Index sociale veerkracht|2020|930|3150|||828|1013|wijk|t|Social resilience index|
Index participatie|2020|2392|3150|||2041|2686|wijk|t|Participation index|
Index sociale veerkracht|2020|2049|3150|||1754|2205|wijk|t|Social resilience index|
Index participatie|2020|2392|3150|||2041|2686|wijk|t|Participation index|
Index sociale veerkracht|2020|2049|3150|||1754|2205|wijk|t|Social resilience index|
Index participatie|2020|2392|3150|||2041|2686|wijk|t|Participation index|
Index sociale veerkracht|2020|2049|3150|||1754|2205|wijk|t|Social resilience index|
Index participatie|2020|2392|3150|||2041|2686|wijk|t|Participation index|
Index sociale veerkracht|2020|2049|3150|||1754|2205|wijk|t|Social resilience index|
Index participatie|2020|402|3150|||376|470|wijk|t|Participation index|
Index sociale veerkracht|2020|383|3150|||332|412|wijk|t|Social resilience index|
Index participatie|2020|402|3150|||376|470|wijk|t|Participation index|
Index sociale veerkracht|2020|383|3150|||332|412|wijk|t|Social resilience index|
Index participatie|2020|402|3150|||376|470|wijk|t|Participation index|
Index sociale veerkracht|2020|383|3150|||332|412|wijk|t|Social resilience index|
Index participatie|2020|402|3150|||376|470|wijk|t|Participation index|
Index sociale veerkracht|2020|383|3150|||332|412|wijk|t|Social resilience index|
Index participatie|2020|1087|3150|||915|1461|wijk|t|Participation index|
Index sociale veerkracht|2020|972|3150|||915|1028|wijk|t|Social resilience index|
Index participatie|2020|1087|3150|||915|1461|wijk|t|Participation index|
Index sociale veerkracht|2020|972|3150|||915|1028|wijk|t|Social resilience index|
Index participatie|2020|1087|3150|||915|1461|wijk|t|Participation index|
Index sociale veerkracht|2020|972|3150|||915|1028|wijk|t|Social resilience index|
Index participatie|2020|1087|3150|||915|1461|wijk|t|Participation index|
Index sociale veerkracht|2020|972|3150|||915|1028|wijk|t|Social resilience index|
Index participatie|2020|2672|3150|||2381|2858|wijk|t|Participation index|
Index sociale veerkracht|2020|2644|3150|||2481|2854|wijk|t|Social resilience index|
Index participatie|2020|2672|3150|||2381|2858|wijk|t|Participation index|
Index sociale veerkracht|2020|2644|3150|||2481|2854|wijk|t|Social resilience index|
Index participatie|2020|2672|3150|||2381|2858|wijk|t|Participation index|
Index sociale veerkracht|2020|2644|3150|||2481|2854|wijk|t|Social resilience index|
Index participatie|2020|2672|3150|||2381|2858|wijk|t|Participation index|
Index sociale veerkracht|2020|2644|3150|||2481|2854|wijk|t|Social resilience index|
Index participatie|2020|1126|3150|||950|1517|wijk|t|Participation index|
Index sociale veerkracht|2020|1318|3150|||1157|1398|wijk|t|Social resilience index|
Index participatie|2020|1126|3150|||950|1517|wijk|t|Participation index|
Index sociale veerkracht|2020|1318|3150|||1157|1398|wijk|t|Social resilience index|
Index participatie|2020|1126|3150|||950|1517|wijk|t|Participation index|
Index sociale veerkracht|2020|1318|3150|||1157|1398|wijk|t|Social resilience index|
Index participatie|2020|1126|3150|||950|1517|wijk|t|Participation index|
Index sociale veerkracht|2020|1318|3150|||1157|1398|wijk|t|Social resilience index|
Index participatie|2020|1416|3150|||1139|1600|wijk|t|Participation index|
Index sociale veerkracht|2020|1713|3150|||1526|1935|wijk|t|Social resilience index|
Index participatie|2020|1416|3150|||1139|1600|wijk|t|Participation index|
Index sociale veerkracht|2020|1713|3150|||1526|1935|wijk|t|Social resilience index|
Index participatie|2020|1416|3150|||1139|1600|wijk|t|Participation index|
Index sociale veerkracht|2020|1713|3150|||1526|1935|wijk|t|Social resilience index|
Index participatie|2020|1416|3150|||1139|1600|wijk|t|Participation index|
Index sociale veerkracht|2020|1713|3150|||1526|1935|wijk|t|Social resilience index|
Index participatie|2020|2976|3150|||2803|3021|wijk|t|Participation index|
Index sociale veerkracht|2020|2855|3150|||2552|2942|wijk|t|Social resilience index|
Index participatie|2020|2976|3150|||2803|3021|wijk|t|Participation index|
Index sociale veerkracht|2020|2855|3150|||2552|2942|wijk|t|Social resilience index|
Index participatie|2020|2976|3150|||2803|3021|wijk|t|Participation index|
Index sociale veerkracht|2020|2855|3150|||2552|2942|wijk|t|Social resilience index|
Index participatie|2020|2976|3150|||2803|3021|wijk|t|Participation index|
Index sociale veerkracht|2020|2855|3150|||2552|2942|wijk|t|Social resilience index|
Index participatie|2020|2785|3150|||2652|2785|wijk|t|Participation index|
Index sociale veerkracht|2020|2456|3150|||2290|2557|wijk|t|Social resilience index|
Index participatie|2020|2785|3150|||2652|2785|wijk|t|Participation index|
Index sociale veerkracht|2020|2456|3150|||2290|2557|wijk|t|Social resilience index|
Index participatie|2020|2785|3150|||2652|2785|wijk|t|Participation index|
Index sociale veerkracht|2020|2456|3150|||2290|2557|wijk|t|Social resilience index|
Index participatie|2020|2785|3150|||2652|2785|wijk|t|Participation index|
Index sociale veerkracht|2020|2456|3150|||2290|2557|wijk|t|Social resilience index|
Index participatie|2020|2300|3150|||2112|2386|wijk|t|Participation index|
Index sociale veerkracht|2020|2013|3150|||1809|2071|wijk|t|Social resilience index|
Index participatie|2020|2300|3150|||2112|2386|wijk|t|Participation index|
Index sociale veerkracht|2020|2013|3150|||1809|2071|wijk|t|Social resilience index|
Index participatie|2020|2300|3150|||2112|2386|wijk|t|Participation index|
Index sociale veerkracht|2020|2013|3150|||1809|2071|wijk|t|Social resilience index|
Index participatie|2020|2300|3150|||2112|2386|wijk|t|Participation index|
Index sociale veerkracht|2020|2013|3150|||1809|2071|wijk|t|Social resilience index|
Index participatie|2020|2133|3150|||2009|2162|wijk|t|Participation index|
Index sociale veerkracht|2020|1803|3150|||1673|1904|wijk|t|Social resilience index|
Index participatie|2020|2133|3150|||2009|2162|wijk|t|Participation index|
Index sociale veerkracht|2020|1803|3150|||1673|1904|wijk|t|Social resilience index|
Index participatie|2020|2133|3150|||2009|2162|wijk|t|Participation index|
Index sociale veerkracht|2020|1803|3150|||1673|1904|wijk|t|Social resilience index|
Index participatie|2020|2133|3150|||2009|2162|wijk|t|Participation index|
Index sociale veerkracht|2020|1803|3150|||1673|1904|wijk|t|Social resilience index|
Index participatie|2020|2288|3150|||2161|2288|wijk|t|Participation index|
Index sociale veerkracht|2020|2010|3150|||1873|2079|wijk|t|Social resilience index|
Index participatie|2020|2288|3150|||2161|2288|wijk|t|Participation index|
Index sociale veerkracht|2020|2010|3150|||1873|2079|wijk|t|Social resilience index|
Index participatie|2020|2288|3150|||2161|2288|wijk|t|Participation index|
Index sociale veerkracht|2020|2010|3150|||1873|2079|wijk|t|Social resilience index|
Index participatie|2020|2288|3150|||2161|2288|wijk|t|Participation index|
Index sociale veerkracht|2020|2010|3150|||1873|2079|wijk|t|Social resilience index|
Index participatie|2020|3049|3150|||2898|3051|wijk|t|Participation index|
Index sociale veerkracht|2020|2833|3150|||2782|2883|wijk|t|Social resilience index|
Index participatie|2020|3049|3150|||2898|3051|wijk|t|Participation index|
Index sociale veerkracht|2020|2833|3150|||2782|2883|wijk|t|Social resilience index|
Index participatie|2020|3049|3150|||2898|3051|wijk|t|Participation index|
Index sociale veerkracht|2020|2833|3150|||2782|2883|wijk|t|Social resilience index|
Index participatie|2020|3049|3150|||2898|3051|wijk|t|Participation index|
Index sociale veerkracht|2020|2833|3150|||2782|2883|wijk|t|Social resilience index|
Index participatie|2020|2900|3150|||2713|3017|wijk|t|Participation index|
Index sociale veerkracht|2020|2976|3150|||2914|3027|wijk|t|Social resilience index|
Index participatie|2020|2900|3150|||2713|3017|wijk|t|Participation index|
Index sociale veerkracht|2020|2976|3150|||2914|3027|wijk|t|Social resilience index|
Index participatie|2020|2900|3150|||2713|3017|wijk|t|Participation index|
Index sociale veerkracht|2020|2976|3150|||2914|3027|wijk|t|Social resilience index|
Index participatie|2020|2900|3150|||2713|3017|wijk|t|Participation index|
Index sociale veerkracht|2020|2976|3150|||2914|3027|wijk|t|Social resilience index|
Index participatie|2020|1873|3150|||1695|2126|wijk|t|Participation index|
Index sociale veerkracht|2020|1765|3150|||1585|1898|wijk|t|Social resilience index|
Index participatie|2020|1873|3150|||1695|2126|wijk|t|Participation index|
Index sociale veerkracht|2020|1765|3150|||1585|1898|wijk|t|Social resilience index|
Index participatie|2020|1873|3150|||1695|2126|wijk|t|Participation index|
Index sociale veerkracht|2020|1765|3150|||1585|1898|wijk|t|Social resilience index|
Index participatie|2020|1873|3150|||1695|2126|wijk|t|Participation index|
Index sociale veerkracht|2020|1765|3150|||1585|1898|wijk|t|Social resilience index|
Index participatie|2020|2868|3150|||2641|2974|wijk|t|Participation index|
Index sociale veerkracht|2020|2938|3150|||2827|3050|wijk|t|Social resilience index|
Index participatie|2020|2868|3150|||2641|2974|wijk|t|Participation index|
Index sociale veerkracht|2020|2938|3150|||2827|3050|wijk|t|Social resilience index|
Index participatie|2020|2868|3150|||2641|2974|wijk|t|Participation index|
Index sociale veerkracht|2020|2938|3150|||2827|3050|wijk|t|Social resilience index|
Index participatie|2020|2868|3150|||2641|2974|wijk|t|Participation index|
Index sociale veerkracht|2020|2938|3150|||2827|3050|wijk|t|Social resilience index|
Index participatie|2020|2557|3150|||2332|2636|wijk|t|Participation index|
Index sociale veerkracht|2020|2323|3150|||2212|2373|wijk|t|Social resilience index|
Index participatie|2020|2557|3150|||2332|2636|wijk|t|Participation index|
Index sociale veerkracht|2020|2323|3150|||2212|2373|wijk|t|Social resilience index|
Index participatie|2020|2557|3150|||2332|2636|wijk|t|Participation index|
Index sociale veerkracht|2020|2323|3150|||2212|2373|wijk|t|Social resilience index|
Index participatie|2020|2557|3150|||2332|2636|wijk|t|Participation index|
Index sociale veerkracht|2020|2323|3150|||2212|2373|wijk|t|Social resilience index|
Index participatie|2020|2094|3150|||1871|2353|wijk|t|Participation index|
Index sociale veerkracht|2020|2002|3150|||1831|2180|wijk|t|Social resilience index|
Index participatie|2020|2094|3150|||1871|2353|wijk|t|Participation index|
Index sociale veerkracht|2020|2002|3150|||1831|2180|wijk|t|Social resilience index|
Index participatie|2020|2094|3150|||1871|2353|wijk|t|Participation index|
Index sociale veerkracht|2020|2002|3150|||1831|2180|wijk|t|Social resilience index|
Index participatie|2020|2094|3150|||1871|2353|wijk|t|Participation index|
Index sociale veerkracht|2020|2002|3150|||1831|2180|wijk|t|Social resilience index|
Index participatie|2020|2256|3150|||1906|2388|wijk|t|Participation index|
Index sociale veerkracht|2020|2256|3150|||1997|2388|wijk|t|Social resilience index|
Index participatie|2020|2256|3150|||1906|2388|wijk|t|Participation index|
Index sociale veerkracht|2020|2256|3150|||1997|2388|wijk|t|Social resilience index|
Index participatie|2020|2256|3150|||1906|2388|wijk|t|Participation index|
Index sociale veerkracht|2020|2256|3150|||1997|2388|wijk|t|Social resilience index|
Index participatie|2020|2256|3150|||1906|2388|wijk|t|Participation index|
Index sociale veerkracht|2020|2256|3150|||1997|2388|wijk|t|Social resilience index|
