<?xml version="1.0" encoding="UTF-8"?>
<!-- A report stylesheet as KoSIT configurations have them, reduced to what acceptMatch needs: it
     reads the createReportInput and the input-document parameter and accepts when no fatal
     Schematron assertion failed (customLevel lowers a failed assertion below fatal here), the
     schema step found no error, and the order's id is not REJECT. -->
<xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:in="http://www.xoev.de/de/validator/framework/1/createreportinput"
                xmlns:s="http://www.xoev.de/de/validator/framework/1/scenarios"
                xmlns:svrl="http://purl.oclc.org/dsdl/svrl"
                xmlns:rep="http://www.xoev.de/de/validator/varl/1"
                xmlns:d="urn:ozg:test:kosit:order:1">
  <xsl:param name="input-document"/>
  <xsl:template match="/in:createReportInput">
    <xsl:variable name="fatal" select="in:validationResultsSchematron//svrl:failed-assert[@flag = 'fatal']"/>
    <rep:report scenario="{s:scenario/s:name}" document="{in:documentIdentification/in:documentReference}"
                hash="{in:documentIdentification/in:documentHash/in:hashValue}">
      <rep:assessment>
        <xsl:choose>
          <xsl:when test="empty($fatal) and empty(in:validationResultsXmlSchema/in:xmlSyntaxError)
                          and not($input-document/d:order/d:id = 'REJECT')
                          and s:scenario/s:name = 'Demo order 1'
                          and string-length(in:documentIdentification/in:documentHash/in:hashValue) = 44">
            <rep:accept/>
          </xsl:when>
          <xsl:otherwise>
            <rep:reject/>
          </xsl:otherwise>
        </xsl:choose>
      </rep:assessment>
    </rep:report>
  </xsl:template>
</xsl:stylesheet>
